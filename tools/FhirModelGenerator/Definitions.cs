using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>The conformance resources of the FHIR package that the model is generated from.</summary>
internal sealed class Definitions
{
    public required IReadOnlyList<JsonObject> StructureDefinitions { get; init; }
    public required IReadOnlyDictionary<string, JsonObject> ValueSets { get; init; }
    public required IReadOnlyDictionary<string, JsonObject> CodeSystems { get; init; }
    public required IReadOnlyList<JsonObject> SearchParameters { get; init; }
    public required IReadOnlyList<JsonObject> CompartmentDefinitions { get; init; }

    public static Definitions Load(string packageFolder)
    {
        if (!Directory.Exists(packageFolder))
            throw new DirectoryNotFoundException($"FHIR package folder not found: {packageFolder}");

        List<JsonObject> sds = [];
        Dictionary<string, JsonObject> valueSets = new(StringComparer.Ordinal);
        Dictionary<string, JsonObject> codeSystems = new(StringComparer.Ordinal);
        List<JsonObject> searchParameters = [];
        List<JsonObject> compartments = [];
        // File names are sorted so the output never depends on directory order.
        foreach (var file in Directory.GetFiles(packageFolder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("StructureDefinition-", StringComparison.Ordinal)) sds.Add(Read(file));
            else if (name.StartsWith("ValueSet-", StringComparison.Ordinal)) Index(valueSets, Read(file));
            else if (name.StartsWith("CodeSystem-", StringComparison.Ordinal)) Index(codeSystems, Read(file));
            else if (name.StartsWith("SearchParameter-", StringComparison.Ordinal)) searchParameters.Add(Read(file));
            else if (name.StartsWith("CompartmentDefinition-", StringComparison.Ordinal)) compartments.Add(Read(file));
        }
        if (sds.Count == 0) throw new InvalidOperationException($"No StructureDefinitions in {packageFolder}");
        return new Definitions { StructureDefinitions = sds, ValueSets = valueSets, CodeSystems = codeSystems, SearchParameters = searchParameters, CompartmentDefinitions = compartments };
    }

    private static JsonObject Read(string file) =>
        JsonNode.Parse(File.ReadAllBytes(file), documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!.AsObject();

    private static void Index(Dictionary<string, JsonObject> map, JsonObject resource)
    {
        if (resource["url"]?.GetValue<string>() is { } url) map.TryAdd(url, resource);
    }

    /// <summary>A canonical without its <c>|version</c> suffix.</summary>
    public static string Unversioned(string canonical) =>
        canonical.IndexOf('|') is var bar and >= 0 ? canonical[..bar] : canonical;
}

internal static class JsonNodeExtensions
{
    public static string? Str(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Bool(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string name) =>
        node?[name] is JsonArray a ? a.OfType<JsonObject>() : [];

    public static string? ExtensionValue(this JsonNode? node, string url) =>
        node.Objects("extension").FirstOrDefault(e => e.Str("url") == url) is { } ext
            ? ext.Str("valueString") ?? ext.Str("valueUrl") ?? ext.Str("valueUri") ?? ext.Str("valueCode")
            : null;
}
