using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// A StructureDefinition ready for validation: its snapshot as a tree of <see cref="ElementNode"/>s (generated
/// from the differential and the base when the definition has no snapshot), and the problems met doing so.
/// </summary>
public sealed class StructureDefinitionInfo
{
    [ThreadStatic] private static HashSet<string>? _building;

    private StructureDefinitionInfo(JsonElement json)
    {
        Json = json;
        Url = json.Str("url") ?? "";
        Version = json.Str("version");
        Name = json.Str("name") ?? Url;
        Type = json.Str("type") ?? "";
        Kind = json.Str("kind") ?? "";
        Derivation = json.Str("derivation");
        BaseDefinition = json.Str("baseDefinition");
        IsAbstract = json.TryGetProperty("abstract", out var a) && a.ValueKind == JsonValueKind.True;
    }

    public JsonElement Json { get; }
    public string Url { get; }
    public string? Version { get; }
    public string Name { get; }
    /// <summary>The type constrained or defined: <c>Patient</c>, <c>Extension</c>, <c>string</c>.</summary>
    public string Type { get; }
    public string Kind { get; }
    public string? Derivation { get; }
    public string? BaseDefinition { get; }
    public bool IsAbstract { get; }
    public bool IsProfile => Derivation == "constraint";
    /// <summary><c>url|version</c>, as messages cite it.</summary>
    public string VersionedUrl => Version is null ? Url : Url + "|" + Version;

    /// <summary>The snapshot's first element, with the others below it.</summary>
    public ElementNode Root { get; private set; } = null!;

    /// <summary>The snapshot's elements in order (as JSON), which snapshot generation of derived profiles starts from.</summary>
    internal IReadOnlyList<JsonObject> SnapshotElements { get; private set; } = [];

    /// <summary>Problems of the definition itself (a differential path that matches nothing, ...).</summary>
    public IReadOnlyList<string> SnapshotErrors { get; private set; } = [];

    internal static StructureDefinitionInfo? Build(JsonElement json, ConformanceResources resources)
    {
        var info = new StructureDefinitionInfo(json);
        _building ??= new HashSet<string>(StringComparer.Ordinal);
        if (!_building.Add(info.Url)) return null; // a definition deriving from itself
        try
        {
            List<JsonObject> elements;
            if (json.TryGetProperty("snapshot", out var snap) && snap.TryGetProperty("element", out var se) && se.GetArrayLength() > 0)
                elements = [.. se.EnumerateArray().Select(e => (JsonObject)JsonNode.Parse(e.GetRawText())!)];
            else
            {
                var generated = SnapshotGenerator.Generate(info, resources);
                elements = generated.Elements;
                info.SnapshotErrors = generated.Errors;
            }
            if (elements.Count == 0) return null;
            info.SnapshotElements = elements;
            info.Root = BuildTree(elements, info);
            return info;
        }
        finally
        {
            _building.Remove(info.Url);
        }
    }

    // Children follow their parent; a slice (an element with a sliceName whose path equals an earlier sibling's)
    // hangs under the element it slices, and the elements below it are the slice's own children.
    private static ElementNode BuildTree(List<JsonObject> elements, StructureDefinitionInfo owner)
    {
        var root = new ElementNode(JsonSerializer.SerializeToElement(elements[0]), owner);
        var stack = new Stack<ElementNode>();
        stack.Push(root);
        for (var i = 1; i < elements.Count; i++)
        {
            var node = new ElementNode(JsonSerializer.SerializeToElement(elements[i]), owner);
            while (stack.Count > 1 && !node.Path.StartsWith(stack.Peek().Path + ".", StringComparison.Ordinal)) stack.Pop();
            var parent = stack.Peek();
            ElementNode? sliced = null;
            if (node.SliceName is not null)
                for (var c = parent.Children.Count - 1; c >= 0; c--)
                    if (parent.Children[c].Path == node.Path) { sliced = parent.Children[c]; break; }
            // A re-slice (sliceName "a/b") is treated as one more slice of the base element.
            if (sliced is not null) sliced.Slices.Add(node);
            else parent.Children.Add(node);
            stack.Push(node);
        }
        return root;
    }

    public override string ToString() => VersionedUrl;
}
