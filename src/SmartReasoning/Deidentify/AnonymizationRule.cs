namespace SmartReasoning.Deidentify;

/// <summary>
/// One rule of a policy: the nodes a path selects (<c>Patient.name</c>, <c>nodesByType('date')</c>,
/// <c>nodesByType('Address').state</c>, or any FHIRPath expression) and what happens to them.
/// </summary>
public sealed record AnonymizationRule(string Path, AnonymizationMethod Method, string? ReplaceWith = null)
{
    private RulePath? _compiled;

    /// <summary>The parsed path; parsing once per rule keeps a policy cheap to apply to many resources.</summary>
    internal RulePath Compiled => _compiled ??= RulePath.Parse(Path);

    // Two rules are the same rule when they say the same thing; the parsed path is only a cache.
    public bool Equals(AnonymizationRule? other) =>
        other is not null && Path == other.Path && Method == other.Method && ReplaceWith == other.ReplaceWith;

    public override int GetHashCode() => HashCode.Combine(Path, Method, ReplaceWith);
}
