namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A token: <c>code</c> (any system), <c>system|code</c>, <c>|code</c> (no system) or <c>system|</c> (any code of the
/// system); with <c>:text</c>, words of the display or text. Codes compare exactly (case-sensitive), as R4 leaves case
/// to the code system and most are case-sensitive.
/// </summary>
internal sealed class TokenCriterion : SearchCriterion
{
    private readonly bool _systemGiven;
    private readonly string? _system;
    private readonly string? _code;
    private readonly string? _text;

    private TokenCriterion(bool systemGiven, string? system, string? code, string? text)
    {
        _systemGiven = systemGiven;
        _system = system;
        _code = code;
        _text = text;
    }

    public static TokenCriterion Parse(string escaped)
    {
        var parts = SearchEscaping.Split(escaped, '|', 2);
        if (parts.Count == 1) return new TokenCriterion(false, null, SearchEscaping.Unescape(parts[0]), null);
        var system = parts[0].Length == 0 ? null : SearchEscaping.Unescape(parts[0]);
        var code = parts[1].Length == 0 ? null : SearchEscaping.Unescape(parts[1]);
        return new TokenCriterion(true, system, code, null);
    }

    public static TokenCriterion Text(string escaped) => new(false, null, null, TextNormalizer.Normalize(SearchEscaping.Unescape(escaped)));

    public override bool Matches(SearchValue value)
    {
        if (_text is not null) return value.Text is { } text && StringCriterion.HasWordStartingWith(text, _text);
        if (value.Code is null) return false;
        if (_code is not null && !string.Equals(value.Code, _code, StringComparison.Ordinal)) return false;
        return !_systemGiven || string.Equals(value.System, _system, StringComparison.Ordinal);
    }

    public override IReadOnlyList<string>? Keys(string parameter)
    {
        if (_text is not null) return null;
        if (!_systemGiven) return [IndexKeys.TokenCode(parameter, _code!)];
        if (_code is null) return _system is null ? null : [IndexKeys.TokenSystem(parameter, _system)];
        return [IndexKeys.TokenWithSystem(parameter, _system, _code)];
    }
}
