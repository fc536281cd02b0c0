using System.Collections;

namespace SmartReasoning.Fhir.Model;

[Flags]
public enum ElementFlags
{
    None = 0,
    /// <summary>Part of the summary view (<c>_summary=true</c>).</summary>
    Summary = 1,
    /// <summary>A modifier element: it may change the meaning of the resource.</summary>
    Modifier = 2,
    /// <summary>A choice element (<c>value[x]</c>): the JSON name carries the type.</summary>
    Choice = 4,
    /// <summary>Repeats: a JSON array (by the base definition's max cardinality).</summary>
    List = 8,
    /// <summary>
    /// A System.String held directly, with no id or extensions and no <c>_name</c> companion:
    /// <c>Element.id</c>, <c>Resource.id</c>, <c>Extension.url</c>.
    /// </summary>
    SystemString = 16,
}


/// <summary>A terminology binding: the ValueSet an element's codes come from and how strictly.</summary>
public sealed record BindingInfo(BindingStrength Strength, string? ValueSet);

/// <summary>
/// Static metadata of one element of a FHIR type, with generated accessors (no reflection).
/// For a list element, <see cref="Get"/> returns the <see cref="IList"/> or null, and <see cref="Set"/> takes one.
/// </summary>
public sealed class ElementInfo
{
    private FhirTypeInfo[]? _typeInfos;

    public ElementInfo(string name, string[] types, int min, int max, ElementFlags flags, BindingInfo? binding,
        Func<Base, object?> get, Action<Base, object?> set, Func<Base>? create = null, Func<IList>? newList = null)
    {
        Name = name;
        TypeNames = types;
        Min = min;
        Max = max;
        Flags = flags;
        Binding = binding;
        Get = get;
        Set = set;
        Create = create;
        NewList = newList;
    }

    /// <summary>The element name as defined, without <c>[x]</c>: <c>value</c> for <c>Observation.value[x]</c>.</summary>
    public string Name { get; }

    /// <summary>The FHIR type names allowed here (several for a choice element).</summary>
    public IReadOnlyList<string> TypeNames { get; }

    public IReadOnlyList<FhirTypeInfo> TypeInfos => _typeInfos ??= [.. TypeNames.Select(ModelInfo.GetType)];

    public int Min { get; }

    /// <summary>Maximum cardinality; -1 for <c>*</c>.</summary>
    public int Max { get; }

    public ElementFlags Flags { get; }

    public BindingInfo? Binding { get; }

    public FhirTypeInfo DeclaringType { get; internal set; } = null!;

    /// <summary>The element's path in its definition, e.g. <c>Patient.contact.name</c>.</summary>
    public string Path => DeclaringType.Name + "." + Name;

    public bool IsList => (Flags & ElementFlags.List) != 0;
    public bool IsChoice => (Flags & ElementFlags.Choice) != 0;
    public bool IsSummary => (Flags & ElementFlags.Summary) != 0;
    public bool IsModifier => (Flags & ElementFlags.Modifier) != 0;
    public bool IsSystemString => (Flags & ElementFlags.SystemString) != 0;
    public bool IsRequired => Min > 0;

    /// <summary>Reads the element's value from an instance: the value, the list, or null.</summary>
    public Func<Base, object?> Get { get; }

    /// <summary>Writes the element's value (a list for list elements) on an instance.</summary>
    public Action<Base, object?> Set { get; }

    /// <summary>Creates an empty value of the element's own CLR type (e.g. a bound <c>Code&lt;T&gt;</c>); null for choice and resource elements.</summary>
    public Func<Base>? Create { get; }

    /// <summary>For list elements: creates an empty list of the right item type.</summary>
    public Func<IList>? NewList { get; }

    public override string ToString() => Path;

    // Encoded JSON property names, cached here by the serializer.
    internal Json.JsonNames.Pair? JsonNames;
    internal Dictionary<FhirTypeInfo, Json.JsonNames.Pair>? ChoiceJsonNames;
}
