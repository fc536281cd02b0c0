namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A string: by default the normalized value starts with the normalized search text (case and accents ignored);
/// <c>:contains</c> anywhere in it; <c>:exact</c> the whole value exactly as written.
/// </summary>
internal sealed class StringCriterion(ModifierKind mode, string text) : SearchCriterion
{
    private readonly string _normalized = TextNormalizer.Normalize(text);

    public override bool Matches(SearchValue value) => mode switch
    {
        ModifierKind.Exact => string.Equals(value.Exact, text, StringComparison.Ordinal),
        ModifierKind.Contains => value.Text is { } t && t.Contains(_normalized, StringComparison.Ordinal),
        _ => value.Text is { } t && t.StartsWith(_normalized, StringComparison.Ordinal),
    };

    /// <summary>Whether a word of <paramref name="text"/> (both normalized) starts with <paramref name="prefix"/>.</summary>
    public static bool HasWordStartingWith(string text, string prefix)
    {
        for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            if (i == 0 || text[i - 1] == ' ') return true;
        return false;
    }
}

/// <summary>A uri: equal by default; <c>:below</c> the value starts with the searched uri; <c>:above</c> the searched uri starts with the value.</summary>
internal sealed class UriCriterion(ModifierKind mode, string uri) : SearchCriterion
{
    public override bool Matches(SearchValue value) => value.Text is { } v && mode switch
    {
        ModifierKind.Below => v.StartsWith(uri, StringComparison.Ordinal),
        ModifierKind.Above => uri.StartsWith(v, StringComparison.Ordinal),
        _ => string.Equals(v, uri, StringComparison.Ordinal),
    };

    public override IReadOnlyList<string>? Keys(string parameter) => mode == ModifierKind.None ? [IndexKeys.Exact(parameter, uri)] : null;
}
