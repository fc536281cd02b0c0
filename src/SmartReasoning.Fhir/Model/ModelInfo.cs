using System.Collections.Frozen;

namespace SmartReasoning.Fhir.Model;

/// <summary>The catalogue of every FHIR type in the model, by name. The list itself is generated.</summary>
public static partial class ModelInfo
{
    // Built once on first use; the generated list touches every type's static metadata.
    private static readonly FrozenDictionary<string, FhirTypeInfo> ByName =
        AllTypes().ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, FhirTypeInfo>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The FHIR version the model was generated from.</summary>
    public const string FhirVersion = "4.0.1";

    /// <summary>Every type: primitives, datatypes, resources and backbone element types.</summary>
    public static IEnumerable<FhirTypeInfo> Types => ByName.Values;

    /// <summary>Every concrete resource type.</summary>
    public static IEnumerable<FhirTypeInfo> ResourceTypes => ByName.Values.Where(t => t.IsResource && !t.IsAbstract);

    /// <summary>Finds a type by name (<c>Patient</c>, <c>string</c>, <c>Patient.contact</c>); null if unknown.</summary>
    public static FhirTypeInfo? FindType(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Finds a type by name without allocating a string.</summary>
    public static FhirTypeInfo? FindType(ReadOnlySpan<char> name)
        => ByNameSpan.TryGetValue(name, out var t) ? t : null;

    internal static FhirTypeInfo GetType(string name) =>
        FindType(name) ?? throw new InvalidOperationException($"The model has no FHIR type '{name}'.");
}
