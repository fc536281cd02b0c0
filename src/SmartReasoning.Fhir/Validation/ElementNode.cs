using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>One type an element may hold (<c>ElementDefinition.type</c>), with its profiles and reference targets.</summary>
public sealed record TypeRef(string Code, IReadOnlyList<string> Profiles, IReadOnlyList<string> TargetProfiles);

/// <summary>An invariant (<c>ElementDefinition.constraint</c>).</summary>
public sealed record ConstraintDef(string Key, bool IsError, string Human, string? Expression, string? Source)
{
    // The compiled expression, looked up once per definition (the compiler's cache is keyed by the whole text).
    internal object? Compiled { get; set; }

    // The check on the JSON that stands for the expression (InvariantFastPaths), or false when there is none.
    internal object? FastPath { get; set; }

    // A test on the JSON that the invariant holds there (InvariantFastPaths.HoldsFor), or false when there is none.
    internal object? Holds { get; set; }
}

/// <summary>A slicing discriminator: how an item is told to belong to a slice.</summary>
public sealed record Discriminator(string Type, string Path);

/// <summary>How a repeating element is sliced.</summary>
public sealed record SlicingDef(IReadOnlyList<Discriminator> Discriminators, bool Ordered, string Rules);

/// <summary>A terminology binding of an element.</summary>
public sealed record BindingDef(string Strength, string? ValueSet);

/// <summary>
/// One element of a StructureDefinition snapshot, read once from its JSON, with its children (the elements
/// below it in the same snapshot) and, when it is sliced, its slices. Fixed and pattern values stay JSON:
/// the validator compares them with the instance's JSON.
/// </summary>
public sealed class ElementNode
{
    internal ElementNode(JsonElement json, StructureDefinitionInfo owner)
    {
        Owner = owner;
        Id = json.Str("id");
        Path = json.Str("path") ?? "";
        var dot = Path.LastIndexOf('.');
        Name = dot < 0 ? Path : Path[(dot + 1)..];
        SliceName = json.Str("sliceName");
        Min = json.TryGetProperty("min", out var min) && min.ValueKind == JsonValueKind.Number ? min.GetInt32() : 0;
        Max = ParseMax(json.Str("max"));
        BaseMax = json.TryGetProperty("base", out var b) ? ParseMax(b.Str("max")) : Max;
        BasePath = json.TryGetProperty("base", out var bp) ? bp.Str("path") ?? Path : Path;
        ContentReference = json.Str("contentReference");
        MaxLength = json.TryGetProperty("maxLength", out var ml) && ml.ValueKind == JsonValueKind.Number ? ml.GetInt32() : null;
        var types = new List<TypeRef>();
        if (json.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Array)
            foreach (var type in t.EnumerateArray())
                types.Add(new TypeRef(TypeCode(type), type.StrList("profile"), type.StrList("targetProfile")));
        Types = types;
        IsSystemPrimitive = t.ValueKind == JsonValueKind.Array && t.GetArrayLength() == 1
            && (t[0].Str("code") ?? "").StartsWith("http://hl7.org/fhirpath/System.", StringComparison.Ordinal);
        var constraints = new List<ConstraintDef>();
        if (json.TryGetProperty("constraint", out var c) && c.ValueKind == JsonValueKind.Array)
            foreach (var con in c.EnumerateArray())
                constraints.Add(new ConstraintDef(con.Str("key") ?? "?", con.Str("severity") != "warning", con.Str("human") ?? "",
                    con.Str("expression"), con.Str("source")));
        Constraints = constraints;
        if (json.TryGetProperty("binding", out var bind))
            Binding = new BindingDef(bind.Str("strength") ?? "example", bind.Str("valueSet"));
        if (json.TryGetProperty("slicing", out var sl))
        {
            var discriminators = new List<Discriminator>();
            if (sl.TryGetProperty("discriminator", out var ds) && ds.ValueKind == JsonValueKind.Array)
                foreach (var d in ds.EnumerateArray()) discriminators.Add(new Discriminator(d.Str("type") ?? "value", d.Str("path") ?? "$this"));
            Slicing = new SlicingDef(discriminators, sl.TryGetProperty("ordered", out var o) && o.ValueKind == JsonValueKind.True, sl.Str("rules") ?? "open");
        }
        foreach (var p in json.EnumerateObject())
        {
            if (p.Name.StartsWith("fixed", StringComparison.Ordinal)) { Fixed = p.Value.Clone(); FixedType = p.Name[5..]; }
            else if (p.Name.StartsWith("pattern", StringComparison.Ordinal)) { Pattern = p.Value.Clone(); PatternType = p.Name[7..]; }
            else if (p.Name.StartsWith("minValue", StringComparison.Ordinal)) { MinValue = p.Value.Clone(); MinValueType = p.Name[8..]; }
            else if (p.Name.StartsWith("maxValue", StringComparison.Ordinal)) { MaxValue = p.Value.Clone(); MaxValueType = p.Name[8..]; }
        }
    }

    public StructureDefinitionInfo Owner { get; }
    public string? Id { get; }
    public string Path { get; }
    /// <summary>The last part of the path: <c>given</c>, <c>value[x]</c>.</summary>
    public string Name { get; }
    public string? SliceName { get; }
    public int Min { get; }
    /// <summary>-1 for <c>*</c>.</summary>
    public int Max { get; }
    /// <summary>The max of the base definition: whether the element is a JSON array.</summary>
    public int BaseMax { get; }
    public string BasePath { get; }
    public string? ContentReference { get; }
    public int? MaxLength { get; }
    public IReadOnlyList<TypeRef> Types { get; }
    /// <summary>A value with no id or extensions and no <c>_name</c> companion: Element.id, Extension.url, the value of a primitive.</summary>
    public bool IsSystemPrimitive { get; }
    public IReadOnlyList<ConstraintDef> Constraints { get; }
    public BindingDef? Binding { get; }
    public SlicingDef? Slicing { get; }
    public JsonElement? Fixed { get; }
    public string? FixedType { get; }
    public JsonElement? Pattern { get; }
    public string? PatternType { get; }
    public JsonElement? MinValue { get; }
    public JsonElement? MaxValue { get; }
    /// <summary>The type suffix of minValue[x] / maxValue[x]: <c>Duration</c> (not R4, used by later profiles) bounds a date relative to now.</summary>
    public string? MinValueType { get; }
    public string? MaxValueType { get; }

    public List<ElementNode> Children { get; } = [];

    /// <summary>The resource types a Reference here may point to (from the target profiles), once worked out.</summary>
    internal string[]? TargetTypes { get; set; }

    // The constraints to evaluate at a value of this element whose type is defined by the given structure
    // (this element's own, then the type's root constraints), without those the validator checks otherwise.
    // A reference (not a struct) so that threads sharing the definition never see half of an update.
    private sealed record Effective(StructureDefinitionInfo? Type, IReadOnlyList<ConstraintDef> List);
    private Effective? _effective;

    internal IReadOnlyList<ConstraintDef> EffectiveConstraints(StructureDefinitionInfo? type, IReadOnlyDictionary<string, string> skipped)
    {
        if (_effective is { } cached && cached.Type == type) return cached.List;
        return Effect(type, skipped);
    }

    // Apart from the cached path: its lambdas' closure would otherwise be allocated on every call.
    private IReadOnlyList<ConstraintDef> Effect(StructureDefinitionInfo? type, IReadOnlyDictionary<string, string> skipped)
    {
        var list = Constraints.Where(c => !skipped.ContainsKey(c.Key) && c.Expression is not null).ToList();
        if (type is not null)
            foreach (var c in type.Root.Constraints)
                if (!skipped.ContainsKey(c.Key) && c.Expression is not null && list.All(d => d.Key != c.Key)) list.Add(c);
        _effective = new Effective(type, list);
        return list;
    }
    public List<ElementNode> Slices { get; } = [];

    public bool IsChoice => Name.EndsWith("[x]", StringComparison.Ordinal);
    public bool IsArray => BaseMax != 1;

    /// <summary>The name without <c>[x]</c>.</summary>
    public string BaseName => IsChoice ? Name[..^3] : Name;

    /// <summary>The description used in messages: <c>Patient.identifier</c>, <c>Bundle.entry:composition</c>.</summary>
    public string Display => SliceName is null ? Path : Path + ":" + SliceName;

    internal static int ParseMax(string? max) => max switch
    {
        null => -1,
        "*" => -1,
        _ => int.TryParse(max, out var m) ? m : -1,
    };

    // R4 writes the System types of id/url/value as an extension on the code; the code then is a FHIRPath type URL.
    private static string TypeCode(JsonElement type)
    {
        var code = type.Str("code") ?? "";
        if (code.StartsWith("http://hl7.org/fhirpath/System.", StringComparison.Ordinal))
        {
            if (type.TryGetProperty("extension", out var fhirType) && fhirType.ValueKind == JsonValueKind.Array)
                foreach (var e in fhirType.EnumerateArray())
                    if (e.Str("url") == "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type" && e.Str("valueUrl") is { } u) return u;
            return "System." + code[31..];
        }
        if (code.Length == 0 && type.TryGetProperty("_code", out var ext) && ext.TryGetProperty("extension", out var es))
            foreach (var e in es.EnumerateArray())
                if (e.Str("valueUrl") is { } u) return u;
        return code;
    }

    public override string ToString() => Display;
}

internal static class JsonElementExtensions
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static IReadOnlyList<string> StrList(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return [];
        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
        return list;
    }
}
