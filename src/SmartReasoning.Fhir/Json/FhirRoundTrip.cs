using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Json;

/// <summary>How one JSON file fared when parsed into the model and written back.</summary>
public enum RoundTripStatus { Identical, Differs, FailedToParse }

public sealed record RoundTripResult(string Name, RoundTripStatus Status, IReadOnlyList<string> Details);

/// <summary>
/// Parses FHIR JSON into the model, writes it back, and compares the two semantically:
/// the proof that the model and its JSON layer lose nothing.
/// </summary>
public sealed class FhirRoundTrip(FhirJsonParser parser)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public RoundTripResult Check(string name, ReadOnlySpan<byte> json)
    {
        var parsed = parser.Parse(json);
        if (parsed.Value is null || !parsed.IsSuccess)
            return new RoundTripResult(name, RoundTripStatus.FailedToParse, [.. parsed.Issues.Where(i => i.Severity <= IssueSeverity.Error).Take(10).Select(i => i.ToString())]);

        var written = FhirJsonSerializer.SerializeToUtf8Bytes(parsed.Value);
        using var original = JsonDocument.Parse(json.ToArray(), DocumentOptions);
        using var roundTripped = JsonDocument.Parse(written, DocumentOptions);
        var differences = JsonSemanticComparer.Differences(original.RootElement, roundTripped.RootElement);
        return new RoundTripResult(name, differences.Count == 0 ? RoundTripStatus.Identical : RoundTripStatus.Differs, differences);
    }

    /// <summary>Every JSON file under a folder (or the one file), in name order; <c>package.json</c> manifests are not resources.</summary>
    public static IEnumerable<string> FindJsonFiles(string fileOrFolder) =>
        File.Exists(fileOrFolder)
            ? [fileOrFolder]
            : Directory.EnumerateFiles(fileOrFolder, "*.json", SearchOption.AllDirectories)
                .Where(f => !IsManifest(f))
                .Order(StringComparer.Ordinal);

    private static bool IsManifest(string path) => Path.GetFileName(path) is "package.json" or ".index.json";
}
