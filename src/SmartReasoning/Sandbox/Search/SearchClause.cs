using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// One occurrence of a search parameter in a request: its alternatives are ORed (commas), and the clauses of a
/// query are ANDed (repeated parameters). <c>:missing</c> tests presence; <c>:not</c> negates the whole clause,
/// so <c>gender:not=male,female</c> finds resources that are neither, including those without a gender.
/// </summary>
public sealed class SearchClause
{
    private readonly SearchCriterion[] _alternatives;

    internal SearchClause(SearchParameterDefinition parameter, string name, string value, bool? missing, bool negated, SearchCriterion[] alternatives)
    {
        Parameter = parameter;
        Name = name;
        Value = value;
        Missing = missing;
        Negated = negated;
        _alternatives = alternatives;
    }

    public SearchParameterDefinition Parameter { get; }

    /// <summary>The parameter as requested, modifier included (<c>code:text</c>).</summary>
    public string Name { get; }

    /// <summary>The value as requested.</summary>
    public string Value { get; }

    /// <summary>For <c>:missing</c>: true to find resources without a value, false with one.</summary>
    public bool? Missing { get; }

    /// <summary>True for <c>:not</c>.</summary>
    public bool Negated { get; }

    public bool Matches(ResourceIndex index)
    {
        var values = index.Values.GetValueOrDefault(Parameter.Code);
        var present = values is { Count: > 0 };
        if (Missing is { } missing) return missing != present;
        var any = false;
        if (present)
        {
            foreach (var value in values!)
            {
                foreach (var alternative in _alternatives)
                    if (alternative.Matches(value)) { any = true; break; }
                if (any) break;
            }
        }
        return any != Negated;
    }

    /// <summary>The keys of which a matching resource holds at least one; null when this clause cannot use the index.</summary>
    public IReadOnlyList<string>? CandidateKeys
    {
        get
        {
            if (Missing is not null || Negated) return null;
            List<string> keys = [];
            foreach (var alternative in _alternatives)
            {
                if (alternative.Keys(Parameter.Code) is not { } alternativeKeys) return null;
                keys.AddRange(alternativeKeys);
            }
            return keys;
        }
    }
}
