using System.Text.Json;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Pull;

/// <summary>
/// A <see cref="PulledRecord"/> from data already at hand rather than from a FHIR server: a Bundle file (transaction,
/// collection, searchset or batch) or a CDS Hooks request's prefetch, so the same compiler serves every source.
/// </summary>
public static class RecordFromBundle
{
    private static readonly FhirJsonParser Parser = new(FhirJsonParserOptions.Lenient);

    /// <summary>Reads a Bundle file; a file that is not a readable Bundle throws <see cref="InvalidDataException"/>.</summary>
    public static async Task<PulledRecord> FromFileAsync(string path, string? patientId = null, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        var parsed = await Parser.ParseAsync(stream, cancellationToken).ConfigureAwait(false);
        return parsed.Value switch
        {
            Bundle bundle => FromBundle(bundle, patientId),
            null => throw new InvalidDataException($"{Path.GetFileName(path)} is not FHIR JSON: {parsed.Issues.FirstOrDefault()?.ToString() ?? "unreadable"}"),
            var other => throw new InvalidDataException($"{Path.GetFileName(path)} holds a {other.TypeInfo.Name}, not a Bundle"),
        };
    }

    /// <summary>
    /// The Bundle's entry resources, each Type/id once. Entries without an id take it from a <c>urn:uuid:</c> fullUrl, as
    /// transaction bundles (Synthea's among them) often leave ids to the server. The patient is <paramref name="patientId"/>,
    /// else the bundle's only Patient.
    /// </summary>
    public static PulledRecord FromBundle(Bundle bundle, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var resources = new ResourceSet();
        foreach (var entry in bundle.Entry)
        {
            if (entry.Resource is not { } resource || resource is OperationOutcome) continue;
            if (entry.Search?.Mode?.Enum is SearchEntryMode.Outcome) continue;
            if (string.IsNullOrEmpty(resource.Id) && entry.FullUrl?.Value is { } fullUrl && fullUrl.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
                resource.Id = fullUrl["urn:uuid:".Length..];
            resources.Add(resource);
        }
        var kept = resources.ToList();
        return new PulledRecord(patientId ?? PatientOf(kept) ?? "", kept, [], PullStatistics.Of(kept));
    }

    /// <summary>
    /// A record from CDS Hooks prefetch (key → the JSON the EHR sent): a resource, a Bundle of them, null (the EHR could not
    /// or would not fetch it) or an OperationOutcome (it tried and failed). Null and OperationOutcome become
    /// <see cref="MissingData"/> naming the key, so a service with partial prefetch knows what it lacks.
    /// </summary>
    public static PulledRecord FromPrefetch(IReadOnlyDictionary<string, JsonElement?> prefetch, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        var resources = new ResourceSet();
        List<MissingData> missing = [];
        foreach (var (key, value) in prefetch.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is not { ValueKind: JsonValueKind.Object } json)
            {
                var nothing = value is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };
                missing.Add(new MissingData($"prefetch {key}", nothing ? "the EHR sent no data for it" : "the EHR sent JSON that is not a FHIR resource", null));
                continue;
            }
            var parsed = Parser.Parse(JsonSerializer.SerializeToUtf8Bytes(json));
            switch (parsed.Value)
            {
                case null:
                    missing.Add(new MissingData($"prefetch {key}", "the EHR sent JSON that is not a readable FHIR resource", null));
                    break;
                case OperationOutcome outcome:
                    missing.Add(new MissingData($"prefetch {key}", $"the EHR could not fetch it: {OutcomeSummary(outcome)}", null));
                    break;
                case Bundle bundle:
                    resources.AddRange(FromBundle(bundle).Resources);
                    break;
                case var resource:
                    resources.Add(resource);
                    break;
            }
        }
        var kept = resources.ToList();
        return new PulledRecord(patientId ?? PatientOf(kept) ?? "", kept, missing, PullStatistics.Of(kept));
    }

    /// <summary>The same, from prefetch as raw JSON strings (null for a key the EHR left empty).</summary>
    public static PulledRecord FromPrefetch(IReadOnlyDictionary<string, string?> prefetch, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        var elements = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var (key, json) in prefetch)
        {
            JsonElement? element = null;
            if (json is not null)
            {
                try
                {
                    using var document = JsonDocument.Parse(json);
                    element = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    element = JsonDocument.Parse("\"not JSON\"").RootElement.Clone();
                }
            }
            elements[key] = element;
        }
        return FromPrefetch(elements, patientId);
    }

    // Only the issue codes: diagnostics may quote identifiers, and this text may reach a model.
    private static string OutcomeSummary(OperationOutcome outcome) =>
        outcome.Issue.Count == 0 ? "no details" : string.Join(", ", outcome.Issue.Select(i => i.Code?.Value ?? "unknown").Distinct(StringComparer.Ordinal));

    private static string? PatientOf(IReadOnlyList<Resource> resources)
    {
        var patients = resources.OfType<Patient>().Select(p => p.Id).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return patients.Count == 1 ? patients[0] : null;
    }
}
