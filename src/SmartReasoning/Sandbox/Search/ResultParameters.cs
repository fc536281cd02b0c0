using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>One <c>_sort</c> key: a search parameter of the type, ascending or (<c>-date</c>) descending.</summary>
public sealed record SortKey(SearchParameterDefinition Parameter, bool Descending);

/// <summary><c>_summary</c>: which elements to return, or (<see cref="Count"/>) only the total.</summary>
public enum SummaryMode
{
    False,
    True,
    Text,
    Data,
    Count,
}

/// <summary><c>_total</c>: whether the Bundle's total is wanted.</summary>
public enum TotalMode
{
    None,
    Estimate,
    Accurate,
}

/// <summary>
/// One <c>_include</c> or <c>_revinclude</c>: <c>SourceType:parameter[:TargetType]</c>, or <c>SourceType:*</c> for all
/// of its reference parameters (<see cref="Parameters"/>), with <c>:iterate</c> (or R4's older <c>:recurse</c>) to
/// apply it to included resources as well. The server resolves them: an include follows
/// <see cref="ReferencesIn"/> of each match; a revinclude looks up <see cref="RevIncludeKeys"/> in the index of
/// <see cref="SourceType"/>. It must stop iterating when a round adds nothing new (cycles).
/// </summary>
public sealed record IncludeParameter(string SourceType, string ParameterCode, string? TargetType, bool Iterate,
    IReadOnlyList<SearchParameterDefinition> Parameters)
{
    /// <summary>The <c>Type/id</c> references of an indexed resource of <see cref="SourceType"/> that this include follows.</summary>
    public IEnumerable<string> ReferencesIn(ResourceIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.ResourceType != SourceType) yield break;
        foreach (var parameter in Parameters)
        {
            foreach (var value in index.Values.GetValueOrDefault(parameter.Code) ?? [])
            {
                if (value.Text is not { } text || ReferenceText.ToTypeAndId(text) is not { } typeAndId || typeAndId != text) continue;
                if (TargetType is null || text.StartsWith(TargetType + "/", StringComparison.Ordinal)) yield return text;
            }
        }
    }

    /// <summary>The keys, in the index of <see cref="SourceType"/>, of resources that refer to <paramref name="type"/>/<paramref name="id"/> through this revinclude.</summary>
    public IEnumerable<string> RevIncludeKeys(string type, string id)
    {
        if (TargetType is not null && TargetType != type) yield break;
        foreach (var parameter in Parameters)
            if (parameter.Targets.Count == 0 || parameter.Targets.Contains(type))
                yield return IndexKeys.Exact(parameter.Code, type + "/" + id);
    }
}
