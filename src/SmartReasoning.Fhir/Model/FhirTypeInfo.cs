using System.Collections.Frozen;

namespace SmartReasoning.Fhir.Model;

/// <summary>What kind of FHIR type a <see cref="FhirTypeInfo"/> describes.</summary>
public enum FhirTypeKind
{
    Primitive,
    ComplexType,
    Resource,
    /// <summary>An anonymous element type defined inside a resource or datatype, like <c>Patient.contact</c>.</summary>
    Backbone,
}

/// <summary>
/// Static metadata of one FHIR type, generated from its StructureDefinition: its base, its elements in
/// definition order, and how to create an instance. Read by the JSON layer, FHIRPath, validation and search.
/// </summary>
public sealed class FhirTypeInfo
{
    private readonly string? _baseName;
    private ElementInfo[]? _elements;
    private FrozenDictionary<string, ElementInfo>? _byName;
    private JsonPropertyTable? _jsonProperties;

    public FhirTypeInfo(string name, FhirTypeKind kind, string? baseName, bool isAbstract, Type clrType,
        Func<Base>? create, ElementInfo[] declaredElements, string? url = null, PrimitiveJsonKind primitiveKind = PrimitiveJsonKind.Text)
    {
        Name = name;
        Kind = kind;
        _baseName = baseName;
        IsAbstract = isAbstract;
        ClrType = clrType;
        Create = create;
        DeclaredElements = declaredElements;
        Url = url;
        PrimitiveKind = primitiveKind;
        foreach (var e in declaredElements) e.DeclaringType = this;
    }

    /// <summary>The type name (<c>Patient</c>, <c>string</c>), or the element path for backbone types (<c>Patient.contact</c>).</summary>
    public string Name { get; }

    public FhirTypeKind Kind { get; }

    public bool IsAbstract { get; }

    public bool IsResource => Kind == FhirTypeKind.Resource;

    public bool IsPrimitive => Kind == FhirTypeKind.Primitive;

    /// <summary>The CLR class the model uses for this type.</summary>
    public Type ClrType { get; }

    /// <summary>Creates an empty instance; null for abstract types.</summary>
    public Func<Base>? Create { get; }

    /// <summary>The StructureDefinition canonical URL (null for backbone types).</summary>
    public string? Url { get; }

    /// <summary>For primitives: how the value is written in JSON.</summary>
    public PrimitiveJsonKind PrimitiveKind { get; }

    /// <summary>The type this one specializes, e.g. <c>DomainResource</c> for <c>Patient</c>.</summary>
    public FhirTypeInfo? Base => _baseName is null ? null : ModelInfo.GetType(_baseName);

    /// <summary>The elements this type itself defines (not those inherited).</summary>
    public IReadOnlyList<ElementInfo> DeclaredElements { get; }

    /// <summary>All elements, inherited ones first, in StructureDefinition order.</summary>
    public IReadOnlyList<ElementInfo> Elements => _elements ??= Base is { } b ? [.. b.Elements, .. DeclaredElements] : [.. DeclaredElements];

    /// <summary>Finds an element by its definition name (<c>value</c> for <c>value[x]</c>).</summary>
    public ElementInfo? FindElement(string name)
    {
        _byName ??= Elements.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>True when this type is <paramref name="other"/> or specializes it.</summary>
    public bool IsA(FhirTypeInfo other)
    {
        for (var t = this; t is not null; t = t.Base)
            if (ReferenceEquals(t, other)) return true;
        return false;
    }

    /// <summary>
    /// Every JSON property name an instance may carry: each element's name, each choice element's typed
    /// names (<c>valueQuantity</c>), and the <c>_name</c> companions of primitive elements.
    /// </summary>
    internal JsonPropertyTable JsonProperties => _jsonProperties ??= new JsonPropertyTable(this);

    internal static string Capitalize(string name) => string.Create(name.Length, name, static (span, n) =>
    {
        n.AsSpan().CopyTo(span);
        span[0] = char.ToUpperInvariant(span[0]);
    });

    public override string ToString() => Name;
}

/// <summary>One JSON property name of a type, and the element and element type it stands for.</summary>
/// <param name="ElementIndex">The element's position in <see cref="FhirTypeInfo.Elements"/>.</param>
/// <param name="IsCompanion">True for <c>_name</c>, which carries a primitive's id and extensions.</param>
/// <param name="JsonName">The property name without the leading underscore.</param>
internal sealed record JsonPropertyBinding(ElementInfo Element, int ElementIndex, FhirTypeInfo Type, bool IsCompanion, string JsonName);

/// <summary>The JSON property names of a type, searchable by string or by span without allocating.</summary>
internal sealed class JsonPropertyTable
{
    private readonly FrozenDictionary<string, JsonPropertyBinding> _byName;
    private readonly FrozenDictionary<string, JsonPropertyBinding>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public JsonPropertyTable(FhirTypeInfo type)
    {
        var map = new Dictionary<string, JsonPropertyBinding>(StringComparer.Ordinal);
        for (var i = 0; i < type.Elements.Count; i++)
        {
            var element = type.Elements[i];
            foreach (var elementType in element.TypeInfos)
            {
                var jsonName = element.IsChoice ? element.Name + FhirTypeInfo.Capitalize(elementType.Name) : element.Name;
                map[jsonName] = new JsonPropertyBinding(element, i, elementType, IsCompanion: false, jsonName);
                if (elementType.IsPrimitive && !element.IsSystemString)
                    map["_" + jsonName] = new JsonPropertyBinding(element, i, elementType, IsCompanion: true, jsonName);
            }
        }
        _byName = map.ToFrozenDictionary(StringComparer.Ordinal);
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public JsonPropertyBinding? Find(string name) => _byName.GetValueOrDefault(name);

    public JsonPropertyBinding? Find(ReadOnlySpan<char> name) => _bySpan.TryGetValue(name, out var b) ? b : null;
}
