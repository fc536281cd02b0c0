using System.Text;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Search;

namespace SmartReasoning.Tests.Sandbox.Search;

/// <summary>Builds resources from JSON, indexes them, and runs searches the way the server will: parse, narrow by keys, match, sort.</summary>
internal static class SearchFixture
{
    public static Resource Parse(string json)
    {
        var result = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(Encoding.UTF8.GetBytes(json));
        return result.Value as Resource ?? throw new InvalidOperationException("not a resource: " + json);
    }

    public static ResourceIndex Index(string json) => SearchIndexer.Default.Index(Parse(json));

    /// <summary>A query string as a client sends it (<c>a=1&amp;b=2</c>), percent-decoded, in order.</summary>
    public static List<(string Name, string Value)> QueryString(string query) =>
        [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            return (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        })];

    public static SearchQuery Query(string resourceType, string query, bool strict = false) =>
        SearchQuery.Parse(resourceType, QueryString(query), strict);

    /// <summary>
    /// The ids a search returns over <paramref name="indexes"/>, in order: the candidates the keys allow (checked to
    /// hold every match, so the keys never lose one), then matched and sorted. Fails on a query with errors.
    /// </summary>
    public static List<string> Find(IEnumerable<ResourceIndex> indexes, string resourceType, string query)
    {
        var parsed = Query(resourceType, query);
        Assert.False(parsed.HasErrors, string.Join("; ", parsed.Issues.Select(i => i.Message)));
        var all = indexes.ToList();
        var candidates = all.Where(ix => parsed.CandidateKeys.All(alternatives => alternatives.Any(ix.Keys.Contains))).ToList();
        var matches = all.Where(parsed.Matches).ToList();
        Assert.All(matches, m => Assert.Contains(m, candidates));
        matches.Sort(parsed);
        return [.. matches.Select(m => m.Id)];
    }

    public static SearchIssue SingleIssue(SearchQuery query)
    {
        Assert.Single(query.Issues);
        return query.Issues[0];
    }
}
