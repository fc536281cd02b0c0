using System.Globalization;
using System.Text.Json.Nodes;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.FhirServer.Access;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// Type-level search (GET and POST <c>_search</c>): parse, narrow by the inverted index, match, sort, page with an
/// opaque cursor, and add <c>_include</c>/<c>_revinclude</c> resources. Unknown parameters are warnings in the
/// result (or a 400 with <c>Prefer: handling=strict</c>). With an access token, the type needs the search permission
/// (else 403), and matches and included resources are only those the grant reaches: the total and the pages count
/// the filtered set, and a page cursor serves only the grant it was made for.
/// </summary>
internal sealed class SearchEndpoint(FhirResourceStore store, SearchIndexStore index, SearchPages pages, SandboxOptions options)
{
    private const int MaxIncludeRounds = 10;
    private const int MaxIncluded = 5_000;

    public async Task<IResult> Search(string type, HttpContext http)
    {
        if (!FhirEndpoints.IsResourceType(type)) return FhirResponses.UnknownType(type);
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && AccessEnforcement.RefuseType(policy, ScopePermissions.Search, type) is { } refused) return refused;
        var parameters = await Parameters(http);
        var baseUrl = FhirEndpoints.BaseUrl(http);

        // A later page: the kept result set, read again from the store.
        if (parameters.FirstOrDefault(p => p.Name == "_page").Value is { } cursor)
        {
            if (pages.Find(cursor, policy?.Key) is not { } page)
                return FhirResponses.Outcome(StatusCodes.Status410Gone, IssueType.NotFound, "this page of results has expired; search again");
            var pageQuery = SearchQuery.Parse(type, page.Parameters, new SearchQueryOptions { MaxCount = options.Profile.MaxCount });
            var offset = int.TryParse(parameters.FirstOrDefault(p => p.Name == "_offset").Value, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
            return FhirResponses.Json(Bundle(type, pageQuery, [.. page.Ids.Select(id => index.Find(type, id)).OfType<ResourceIndex>()], offset, cursor, baseUrl, http, policy));
        }

        if (options.Profile.RejectSearch(type, parameters) is { } rejection)
            return FhirResponses.Outcome(StatusCodes.Status400BadRequest, IssueType.BusinessRule, rejection);
        var strict = http.Request.Headers["Prefer"].Any(p => p?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
        var query = SearchQuery.Parse(type, parameters, new SearchQueryOptions { StrictHandling = strict, MaxCount = options.Profile.MaxCount });
        if (query.HasErrors)
            return FhirResponses.Json(Outcome(query.Issues.Where(i => i.IsError)), StatusCodes.Status400BadRequest);

        var matches = index.Candidates(type, query.CandidateKeys).Where(query.Matches).Where(m => policy is null || policy.Reaches(m, ScopePermissions.Search)).ToList();
        matches.Sort(query);
        var next = matches.Count > query.Count ? pages.Keep([.. matches.Select(m => m.Id)], parameters, policy?.Key) : null;
        return FhirResponses.Json(Bundle(type, query, matches, 0, next, baseUrl, http, policy));
    }

    private Bundle Bundle(string type, SearchQuery query, IReadOnlyList<ResourceIndex> matches, int offset, string? cursor, string baseUrl, HttpContext http, AccessPolicy? policy)
    {
        var bundle = new Bundle { Type = BundleType.Searchset, Total = new UnsignedInt { Value = matches.Count } };
        bundle.Link.Add(Link("self", $"{baseUrl}/{type}{http.Request.QueryString}"));
        if (cursor is not null && offset + query.Count < matches.Count)
            bundle.Link.Add(Link("next", $"{baseUrl}/{type}?_page={cursor}&_offset={offset + query.Count}&_count={query.Count}"));
        if (query.Summary == SummaryMode.Count) return bundle;

        // A later page's resources may have changed since it was kept: they are checked again, never shown unchecked.
        var page = matches.Skip(offset).Take(query.Count).Where(m => policy is null || policy.Reaches(m, ScopePermissions.Search)).ToList();
        foreach (var match in page)
            if (store.Read(type, match.Id) is { IsDeleted: false } stored) bundle.Entry.Add(Entry(stored, SearchEntryMode.Match, baseUrl, query.Elements));
        foreach (var included in Included(query, page, policy))
            bundle.Entry.Add(Entry(included, SearchEntryMode.Include, baseUrl, null));
        if (query.Issues.Count > 0)
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = Outcome(query.Issues), Search = new Bundle.SearchComponent { Mode = SearchEntryMode.Outcome } });
        return bundle;
    }

    /// <summary>
    /// The resources _include and _revinclude add to a page, following :iterate until nothing new appears; with an
    /// access policy only those it reaches with read or search (an include is a read by reference), nor followed further.
    /// </summary>
    private List<StoredResource> Included(SearchQuery query, IReadOnlyList<ResourceIndex> page, AccessPolicy? policy)
    {
        List<StoredResource> included = [];
        if (query.Includes.Count == 0 && query.RevIncludes.Count == 0) return included;
        var seen = new HashSet<string>(page.Select(p => $"{p.ResourceType}/{p.Id}"), StringComparer.Ordinal);
        var frontier = page.ToList();
        for (var round = 0; round < MaxIncludeRounds && frontier.Count > 0 && included.Count < MaxIncluded; round++)
        {
            List<ResourceIndex> added = [];
            foreach (var source in frontier)
            {
                foreach (var include in query.Includes.Where(i => round == 0 || i.Iterate))
                    foreach (var reference in include.ReferencesIn(source))
                        Add(reference.Split('/')[0], reference.Split('/')[1]);
                foreach (var revInclude in query.RevIncludes.Where(i => round == 0 || i.Iterate))
                    foreach (var key in revInclude.RevIncludeKeys(source.ResourceType, source.Id))
                        foreach (var referrer in index.WithKey(revInclude.SourceType, key))
                            Add(referrer.ResourceType, referrer.Id);
            }
            frontier = added;

            void Add(string t, string id)
            {
                if (included.Count >= MaxIncluded || !seen.Add($"{t}/{id}")) return;
                if (store.Read(t, id) is not { IsDeleted: false } stored) return;
                var entry = index.Find(t, id);
                if (policy is not null && (entry is null || !policy.Reaches(entry, ScopePermissions.Read | ScopePermissions.Search))) return;
                included.Add(stored);
                if (entry is not null) added.Add(entry);
            }
        }
        return included;
    }

    private static Bundle.EntryComponent Entry(StoredResource stored, SearchEntryMode mode, string baseUrl, IReadOnlyList<string>? elements) => new()
    {
        FullUrl = new FhirUri { Value = $"{baseUrl}/{stored.Reference}" },
        Resource = elements is null ? stored.Resource : Subset(stored, elements),
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    /// <summary>_elements: only the named top-level elements (and id, meta), marked SUBSETTED as the spec asks.</summary>
    private static Resource? Subset(StoredResource stored, IReadOnlyList<string> elements)
    {
        var json = JsonNode.Parse(stored.Json)!.AsObject();
        foreach (var name in json.Select(p => p.Key).ToList())
            if (name is not ("resourceType" or "id" or "meta") && !elements.Contains(name.TrimStart('_'))) json.Remove(name);
        var meta = json["meta"] as JsonObject ?? (JsonObject)(json["meta"] = new JsonObject());
        var tags = meta["tag"] as JsonArray ?? (JsonArray)(meta["tag"] = new JsonArray());
        tags.Add(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", ["code"] = "SUBSETTED" });
        return new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(json.ToJsonString()).Value;
    }

    internal static Bundle.LinkComponent Link(string relation, string url) =>
        new() { Relation = new FhirString { Value = relation }, Url = new FhirUri { Value = url } };

    private static OperationOutcome Outcome(IEnumerable<SearchIssue> issues) => new()
    {
        Issue = [.. issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = i.IsError ? IssueSeverity.Error : IssueSeverity.Warning,
            Code = i.Type,
            Diagnostics = new FhirString { Value = $"{i.Parameter}: {i.Message}" },
            Expression = [new FhirString { Value = i.Parameter }],
        })],
    };

    /// <summary>The search parameters of the query string, and of a form body for POST _search.</summary>
    private static async Task<List<(string Name, string Value)>> Parameters(HttpContext http)
    {
        List<(string, string)> parameters = [.. http.Request.Query.SelectMany(q => q.Value.Select(v => (q.Key, v ?? "")))];
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => (f.Key, v ?? ""))));
        }
        return parameters;
    }
}
