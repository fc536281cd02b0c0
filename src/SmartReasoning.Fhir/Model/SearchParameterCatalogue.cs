// The types and lookups of the search-parameter catalogue; the data itself is generated (Generated/SearchParameters.g.cs).
namespace SmartReasoning.Fhir.Model;

/// <summary>A component of a composite search parameter: the parameter it uses and where, relative to the composite's value.</summary>
public sealed record SearchParameterComponent(string Definition, string Expression);

/// <summary>
/// One R4 search parameter: its code, canonical url, type, the resource types it applies to, the FHIRPath
/// expression that finds its values (null for _text, _content, _query and _filter), the resource types a
/// reference may target, and the components of a composite.
/// </summary>
public sealed record SearchParameterDefinition(
    string Code,
    string Url,
    SearchParamType Type,
    IReadOnlyList<string> Bases,
    string? Expression,
    IReadOnlyList<string> Targets,
    IReadOnlyList<SearchParameterComponent> Components);

/// <summary>
/// Every search parameter of the R4 specification, and which apply to a resource type: its own and those
/// defined on Resource and (for domain resources) DomainResource, such as _id, _lastUpdated and _tag.
/// </summary>
public static partial class SearchParameterCatalogue
{
    // All lookups are built in this file, after the data, so static initialisation never sees them empty.
    private static readonly SearchParameterDefinition[] s_all = Build();

    private static readonly System.Collections.Frozen.FrozenDictionary<string, SearchParameterDefinition> s_byUrl =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(s_all, p => p.Url, StringComparer.Ordinal);

    private static readonly System.Collections.Frozen.FrozenDictionary<string, System.Collections.Frozen.FrozenDictionary<string, SearchParameterDefinition>> s_byResource =
        BuildByResource();

    private static partial SearchParameterDefinition[] Build();

    /// <summary>Every parameter, in the package's file order.</summary>
    public static IReadOnlyList<SearchParameterDefinition> All => s_all;

    /// <summary>The parameter with this canonical url (as composite components name them); null if unknown.</summary>
    public static SearchParameterDefinition? FindByUrl(string url) => s_byUrl.GetValueOrDefault(url);

    /// <summary>The parameter <paramref name="code"/> of a resource type, inherited ones included; null if unknown.</summary>
    public static SearchParameterDefinition? Find(string resourceType, string code) =>
        s_byResource.TryGetValue(resourceType, out var byCode) ? byCode.GetValueOrDefault(code) : null;

    /// <summary>Every parameter that applies to a resource type, by code; empty for an unknown type.</summary>
    public static IReadOnlyDictionary<string, SearchParameterDefinition> ForResource(string resourceType) =>
        s_byResource.TryGetValue(resourceType, out var byCode) ? byCode : System.Collections.Frozen.FrozenDictionary<string, SearchParameterDefinition>.Empty;

    private static System.Collections.Frozen.FrozenDictionary<string, System.Collections.Frozen.FrozenDictionary<string, SearchParameterDefinition>> BuildByResource()
    {
        var byBase = new Dictionary<string, List<SearchParameterDefinition>>(StringComparer.Ordinal);
        foreach (var p in s_all)
            foreach (var b in p.Bases)
            {
                if (!byBase.TryGetValue(b, out var list)) byBase[b] = list = [];
                list.Add(p);
            }

        var result = new Dictionary<string, System.Collections.Frozen.FrozenDictionary<string, SearchParameterDefinition>>(StringComparer.Ordinal);
        foreach (var type in ModelInfo.ResourceTypes)
        {
            // The type's own parameters first, then its ancestors': a code defined closer to the type wins.
            var byCode = new Dictionary<string, SearchParameterDefinition>(StringComparer.Ordinal);
            for (var t = type; t is not null; t = t.Base)
                foreach (var p in byBase.GetValueOrDefault(t.Name) ?? [])
                    byCode.TryAdd(p.Code, p);
            result[type.Name] = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(byCode, StringComparer.Ordinal);
        }
        return System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(result, StringComparer.Ordinal);
    }
}
