using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Sandbox.FhirServer;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// Where prefetch data comes from: a relative FHIR query (<c>Patient/123</c> or <c>Observation?patient=123</c>) gives
/// the resource or a searchset Bundle, JSON null when a read finds nothing, or an OperationOutcome when it fails.
/// </summary>
public interface IPrefetchSource
{
    Task<JsonNode?> FetchAsync(string query, CancellationToken cancellationToken);
}

/// <summary>Prefetch from the sandbox's own store, in process: what the EHR itself sees, no HTTP and no token.</summary>
public sealed class StorePrefetchSource(FhirResourceStore store, SearchIndexStore index, string fhirBase) : IPrefetchSource
{
    public Task<JsonNode?> FetchAsync(string query, CancellationToken cancellationToken) => Task.FromResult(Fetch(query));

    public JsonNode? Fetch(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var question = query.IndexOf('?', StringComparison.Ordinal);
        var path = (question < 0 ? query : query[..question]).Trim('/');
        var parts = path.Split('/');
        if (!FhirEndpoints.IsResourceType(parts[0])) return PrefetchOutcome.Of("not-supported", $"'{parts[0]}' is not an R4 resource type");
        if (parts.Length == 2 && question < 0)
            return store.Read(parts[0], parts[1]) is { IsDeleted: false } stored ? JsonNode.Parse(stored.Json!) : null;
        if (parts.Length != 1) return PrefetchOutcome.Of("not-supported", $"the sandbox prefetches reads and type searches only, not '{path}'");

        var parameters = QueryHelpers.ParseQuery(question < 0 ? "" : query[question..])
            .SelectMany(p => p.Value.Select(v => (p.Key, v ?? ""))).ToList();
        var (matches, error) = StoreSearch.Run(store, index, parts[0], parameters);
        if (error is not null) return PrefetchOutcome.Of("invalid", error);
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = matches.Total,
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = $"{fhirBase}/{query.TrimStart('/')}" }),
        };
        var entries = new JsonArray();
        foreach (var match in matches.Page)
            entries.Add(new JsonObject { ["fullUrl"] = $"{fhirBase}/{match.Reference}", ["resource"] = JsonNode.Parse(match.Json!), ["search"] = new JsonObject { ["mode"] = "match" } });
        bundle["entry"] = entries;
        return bundle;
    }
}

/// <summary>Prefetch from a FHIR server over HTTP (the command line, with no store of its own), with an optional bearer token.</summary>
public sealed class HttpPrefetchSource(HttpClient http, string fhirBase, string? accessToken) : IPrefetchSource
{
    public async Task<JsonNode?> FetchAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{fhirBase.TrimEnd('/')}/{query.TrimStart('/')}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var isRead = !query.Contains('?', StringComparison.Ordinal) && query.Trim('/').Split('/').Length == 2;
            if (isRead && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
            JsonNode? body = null;
            try { body = text.Length == 0 ? null : JsonNode.Parse(text); }
            catch (JsonException) { /* reported below as an OperationOutcome */ }
            if (response.IsSuccessStatusCode && body is JsonObject) return body;
            if (body is JsonObject outcome && JsonText(outcome, "resourceType") == "OperationOutcome") return outcome;
            return PrefetchOutcome.Of("exception", $"GET {query} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException ex)
        {
            return PrefetchOutcome.Of("exception", $"GET {query} failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PrefetchOutcome.Of("timeout", $"GET {query} timed out");
        }
    }

    private static string? JsonText(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>The OperationOutcome a prefetch key carries when the client could not (or chose not to) fetch it.</summary>
public static class PrefetchOutcome
{
    public static JsonObject Of(string code, string message) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = code, ["diagnostics"] = message }),
    };
}

/// <summary>A search run directly on the store and its index (no HTTP): the matches in order, the first page of them.</summary>
internal static class StoreSearch
{
    public sealed record Result(int Total, IReadOnlyList<StoredResource> Page);

    public static (Result Matches, string? Error) Run(FhirResourceStore store, SearchIndexStore index, string type, IReadOnlyList<(string Name, string Value)> parameters)
    {
        var query = SearchQuery.Parse(type, parameters);
        if (query.HasErrors) return (new Result(0, []), string.Join("; ", query.Issues.Where(i => i.IsError).Select(i => $"{i.Parameter}: {i.Message}")));
        var matches = index.Candidates(type, query.CandidateKeys).Where(query.Matches).ToList();
        matches.Sort(query);
        List<StoredResource> page = [];
        foreach (var match in matches)
        {
            if (page.Count >= query.Count) break;
            if (store.Read(type, match.Id) is { IsDeleted: false } stored) page.Add(stored);
        }
        return (new Result(matches.Count, page), null);
    }
}
