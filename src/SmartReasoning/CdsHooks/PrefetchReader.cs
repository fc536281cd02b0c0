using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.CdsHooks;

/// <summary>One prefetch key as read: its resources, or why it cannot be used (then the data is fetched from the EHR).</summary>
public sealed record PrefetchKeyResult(string Key, IReadOnlyList<Resource> Resources, string? Unusable)
{
    public bool IsUsable => Unusable is null;
}

/// <summary>
/// Reads the prefetch a request carries, key by key as the service's templates name them. A key is unusable when it is
/// missing, null, an OperationOutcome, not FHIR, a Bundle with a <c>next</c> link (paginated: the rest is elsewhere) or
/// with fewer entries than its <c>total</c>, or a Patient other than the one in context.
/// </summary>
public static class PrefetchReader
{
    private static readonly FhirJsonParser Parser = new(FhirJsonParserOptions.Lenient);

    public static IReadOnlyList<PrefetchKeyResult> Read(CdsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<PrefetchKeyResult> results = [];
        foreach (var template in request.Service.Prefetch)
        {
            var key = template.Key;
            if (request.Prefetch is null || !request.Prefetch.TryGetValue(key, out var json)) results.Add(Unusable(key, "missing"));
            else if (json is not { } bytes) results.Add(Unusable(key, "null"));
            else if (bytes.Span is not [(byte)'{', ..]) results.Add(Unusable(key, "not a FHIR resource"));
            else results.Add(ReadKey(key, bytes, request.PatientId));
        }
        return results;
    }

    private static PrefetchKeyResult ReadKey(string key, ReadOnlyMemory<byte> json, string patientId)
    {
        var parsed = Parser.Parse(json);
        switch (parsed.Value)
        {
            case null:
                return Unusable(key, "not FHIR JSON that can be read");
            case OperationOutcome:
                return Unusable(key, "an OperationOutcome (the EHR could not fetch it)");
            case Bundle bundle:
                if (bundle.Link.Any(l => l.Relation?.Value == "next")) return Unusable(key, "paginated (a next link)");
                var matches = bundle.Entry
                    .Where(e => e.Resource is not null and not OperationOutcome && e.Search?.Mode?.Enum is null or Fhir.Model.SearchEntryMode.Match or Fhir.Model.SearchEntryMode.Include)
                    .Select(e => e.Resource!)
                    .ToList();
                var matchCount = bundle.Entry.Count(e => e.Resource is not null and not OperationOutcome && e.Search?.Mode?.Enum is null or Fhir.Model.SearchEntryMode.Match);
                if (bundle.Total?.Value is { } total && total > matchCount) return Unusable(key, $"incomplete ({matchCount} of {total} entries)");
                return new PrefetchKeyResult(key, matches, null);
            case Patient patient when patient.Id != patientId:
                return Unusable(key, "a Patient other than the one in context");
            case var resource:
                return new PrefetchKeyResult(key, [resource], null);
        }
    }

    private static PrefetchKeyResult Unusable(string key, string why) => new(key, [], why);
}
