using System.Text;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>One resource type's membership of a compartment: the search parameters that put a resource of that type in it.</summary>
internal sealed record CompartmentMemberModel(string Compartment, string ResourceType, IReadOnlyList<string> Parameters);

/// <summary>Writes the compartment catalogue: the CompartmentDefinitions of the package as static data.</summary>
internal static class CompartmentEmitter
{
    /// <summary>
    /// Keeps the core definitions (Patient, Encounter, RelatedPerson, Practitioner, Device). The package also holds
    /// CompartmentDefinition/example, which redefines the Device compartment; a core definition is the one whose url
    /// ends in its own code with a lower-case first letter (<c>.../CompartmentDefinition/relatedPerson</c>), which
    /// the example's (<c>.../example</c>) does not. Resource types the definition lists without parameters can never
    /// be in the compartment and are left out.
    /// </summary>
    public static IReadOnlyList<CompartmentMemberModel> Select(IEnumerable<JsonObject> definitions)
    {
        List<CompartmentMemberModel> members = [];
        foreach (var definition in definitions)
        {
            if (definition.Str("code") is not { Length: > 0 } code) continue;
            if (definition.Str("url") != "http://hl7.org/fhir/CompartmentDefinition/" + char.ToLowerInvariant(code[0]) + code[1..]) continue;
            foreach (var resource in definition.Objects("resource"))
            {
                var parameters = resource["param"] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.GetValue<string>()).ToList() : [];
                if (resource.Str("code") is { } type && parameters.Count > 0) members.Add(new CompartmentMemberModel(code, type, parameters));
            }
        }
        return members;
    }

    public static string Emit(IReadOnlyList<CompartmentMemberModel> members)
    {
        var sb = new StringBuilder(CSharpEmitter.Header("the CompartmentDefinitions"));
        sb.Append("public static partial class CompartmentCatalogue\n{\n");
        sb.Append("    private static partial CompartmentMember[] Build() =>\n    [\n");
        foreach (var m in members)
            sb.Append($"        new({CSharpEmitter.Str(m.Compartment)}, {CSharpEmitter.Str(m.ResourceType)}, [{string.Join(", ", m.Parameters.Select(CSharpEmitter.Str))}]),\n");
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }
}
