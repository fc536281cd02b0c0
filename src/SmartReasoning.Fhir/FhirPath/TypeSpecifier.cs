using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>A type named in <c>is</c>, <c>as</c> or <c>ofType()</c>: a FHIR type, a System type, or (unqualified) either.</summary>
internal sealed class TypeSpecifier
{
    private static readonly HashSet<string> SystemTypes = ["Any", "Boolean", "String", "Integer", "Long", "Decimal", "Date", "DateTime", "Time", "Quantity"];

    private TypeSpecifier(string name, FhirTypeInfo? fhirType, string? systemType)
    {
        Name = name;
        FhirType = fhirType;
        SystemType = systemType;
    }

    public string Name { get; }
    public FhirTypeInfo? FhirType { get; }
    public string? SystemType { get; }

    /// <summary>Resolves a type name; null when no FHIR or System type has it.</summary>
    public static TypeSpecifier? Resolve(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (ns, local) = dot < 0 ? (null, name) : (name[..dot], name[(dot + 1)..]);
        var fhir = ns is null or "FHIR" ? ModelInfo.FindType(local) : null;
        var system = ns is null or "System" && SystemTypes.Contains(local) ? local : null;
        // A type in a namespace that lacks it (System.Patient) is a type nothing is; an unknown bare name is an error.
        if (fhir is null && system is null && ns is not ("System" or "FHIR")) return null;
        return new TypeSpecifier(name, fhir, system);
    }

    /// <summary>
    /// Whether an item is of this type or a specialization of it. With <paramref name="exactPrimitives"/> (as and
    /// ofType), a FHIR primitive must be of exactly this type: a code is a string to <c>is</c>, not to <c>as</c>.
    /// </summary>
    public bool Matches(object item, bool exactPrimitives = false)
    {
        if (item is Base node)
            return FhirType is not null && (exactPrimitives && node is PrimitiveType ? ReferenceEquals(node.TypeInfo, FhirType) : node.TypeInfo.IsA(FhirType));
        return SystemType == "Any" || (SystemType is not null && SystemType == SystemValues.SystemTypeName(item));
    }

    public override string ToString() => Name;
}
