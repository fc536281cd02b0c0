namespace SmartReasoning.Sandbox.Search;

/// <summary>A composite: <c>a$b</c>, each part a criterion of its component's type; one indexed combination must match every part.</summary>
internal sealed class CompositeCriterion(IReadOnlyList<SearchCriterion> parts) : SearchCriterion
{
    public override bool Matches(SearchValue value)
    {
        if (value.Components is not { } components || components.Count != parts.Count) return false;
        for (var i = 0; i < parts.Count; i++)
            if (!parts[i].Matches(components[i])) return false;
        return true;
    }
}
