namespace SmartReasoning.Sandbox.Search;

/// <summary>One searched value (one OR alternative), ready to test against the indexed values of its parameter.</summary>
internal abstract class SearchCriterion
{
    public abstract bool Matches(SearchValue value);

    /// <summary>
    /// The inverted-index keys of which an indexed resource holds at least one if it can match; null when this kind of
    /// criterion cannot be narrowed by exact keys (strings, dates, numbers, quantities, :text, :above...).
    /// </summary>
    public virtual IReadOnlyList<string>? Keys(string parameter) => null;
}

/// <summary>The modifier after the parameter name: <c>name:exact</c>, <c>subject:Patient</c>...</summary>
internal enum ModifierKind
{
    None,
    Missing,
    Exact,
    Contains,
    Not,
    Text,
    Above,
    Below,
    Identifier,
    /// <summary>A resource type restricting a reference (<c>subject:Patient=123</c>).</summary>
    ResourceType,
}
