namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A reference: <c>Type/id</c> or an absolute URL of one (compared as <c>Type/id</c>), a bare <c>id</c> (any of the
/// parameter's target types, or the type of a <c>:Type</c> modifier), a canonical <c>url</c> (any version) or
/// <c>url|version</c>; with <c>:identifier</c>, <c>system|value</c> of Reference.identifier.
/// </summary>
internal sealed class ReferenceCriterion : SearchCriterion
{
    private readonly string? _exact;          // Type/id, or a URL / canonical that is not one
    private readonly string? _id;             // a bare id: any Type/id with this id among _types
    private readonly IReadOnlyList<string> _types;
    private readonly TokenCriterion? _identifier;

    private ReferenceCriterion(string? exact, string? id, IReadOnlyList<string> types, TokenCriterion? identifier)
    {
        _exact = exact;
        _id = id;
        _types = types;
        _identifier = identifier;
    }

    public static ReferenceCriterion Identifier(string escaped) => new(null, null, [], TokenCriterion.Parse(escaped));

    /// <param name="value">The unescaped value.</param>
    /// <param name="targets">The types a bare id may name: the <c>:Type</c> modifier's, else the parameter's targets.</param>
    public static ReferenceCriterion Parse(string value, IReadOnlyList<string> targets)
    {
        if (value.Contains('/', StringComparison.Ordinal) || value.Contains(':', StringComparison.Ordinal))
            return new ReferenceCriterion(ReferenceText.Normalize(value), null, [], null);
        return targets.Count == 1
            ? new ReferenceCriterion(targets[0] + "/" + value, null, [], null)
            : new ReferenceCriterion(null, value, targets, null);
    }

    public override bool Matches(SearchValue value)
    {
        if (_identifier is not null) return value.Text is null && _identifier.Matches(value);
        if (value.Text is not { } text) return false;
        if (_exact is not null)
        {
            if (string.Equals(text, _exact, StringComparison.Ordinal)) return true;
            // A canonical searched without a version matches every version of it.
            return text.Length > _exact.Length && text[_exact.Length] == '|' && text.StartsWith(_exact, StringComparison.Ordinal)
                && !_exact.Contains('|', StringComparison.Ordinal);
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !text.AsSpan(slash + 1).SequenceEqual(_id)) return false;
        if (_types.Count == 0) return true;
        var type = text.AsSpan(0, slash);
        foreach (var t in _types) if (type.SequenceEqual(t)) return true;
        return false;
    }

    public override IReadOnlyList<string>? Keys(string parameter)
    {
        if (_identifier is not null) return null;
        if (_exact is not null) return [IndexKeys.Exact(parameter, _exact)];
        return _types.Count == 0 ? null : [.. _types.Select(t => IndexKeys.Exact(parameter, t + "/" + _id))];
    }
}
