// The types and lookups of the compartment catalogue; the data itself is generated (Generated/Compartments.g.cs).
using System.Collections.Frozen;

namespace SmartReasoning.Fhir.Model;

/// <summary>
/// A resource type's membership of a compartment (R4 CompartmentDefinition): a resource of <see cref="ResourceType"/>
/// is in the compartment of, say, Patient/123 when one of its <see cref="Parameters"/> (search parameters of that
/// type) refers to Patient/123.
/// </summary>
public sealed record CompartmentMember(string Compartment, string ResourceType, IReadOnlyList<string> Parameters);

/// <summary>The compartments of the R4 specification (Patient, Encounter, RelatedPerson, Practitioner, Device) and which resource types can be in them.</summary>
public static partial class CompartmentCatalogue
{
    // Built in this file, after the data, so static initialisation never sees it empty.
    private static readonly CompartmentMember[] s_all = Build();

    private static readonly FrozenDictionary<(string Compartment, string ResourceType), IReadOnlyList<string>> s_parameters =
        s_all.ToFrozenDictionary(m => (m.Compartment, m.ResourceType), m => m.Parameters);

    private static partial CompartmentMember[] Build();

    /// <summary>Every membership, in the definitions' order.</summary>
    public static IReadOnlyList<CompartmentMember> All => s_all;

    /// <summary>
    /// The search parameters that put a resource of <paramref name="resourceType"/> in a <paramref name="compartment"/>
    /// (e.g. <c>Patient</c>); empty when that type is never in it. The compartment's own resource (Patient/123 in the
    /// compartment of Patient/123) is a member by its identity, which no parameter states.
    /// </summary>
    public static IReadOnlyList<string> Parameters(string compartment, string resourceType) =>
        s_parameters.TryGetValue((compartment, resourceType), out var parameters) ? parameters : [];
}
