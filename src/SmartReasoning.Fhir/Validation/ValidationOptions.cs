namespace SmartReasoning.Fhir.Validation;

/// <summary>How strict the validator is on points where the specification leaves a choice to the validator.</summary>
public sealed record ValidationOptions
{
    /// <summary>Canonical URLs of profiles to validate the root resource against, besides its base and its meta.profile.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>When false, example URLs (example.org, example.com) in extensions and attachment URLs are errors.</summary>
    public bool AllowExampleUrls { get; init; } = true;

    /// <summary>When false, an extension whose definition is not held is an error (the reference validator's default), else a warning.</summary>
    public bool AllowUnknownExtensions { get; init; }

    /// <summary>Extension URL prefixes accepted without a definition.</summary>
    public IReadOnlyList<string> AllowedExtensionDomains { get; init; } = [];

    /// <summary>
    /// When true, a relative reference inside a Bundle or a Parameters resource must resolve to one of its resources
    /// (the reference validator's validateReference); nothing outside is ever fetched.
    /// </summary>
    public bool ResolveReferences { get; init; }

    /// <summary>When false, contained resources are not validated (only their presence is).</summary>
    public bool ValidateContained { get; init; } = true;

    /// <summary>When true, markdown that holds what looks like an HTML tag is an error.</summary>
    public bool NoHtmlInMarkdown { get; init; }

    /// <summary>When false, FHIRPath invariants are not evaluated (structure, values and bindings only).</summary>
    public bool CheckInvariants { get; init; } = true;

    /// <summary>When false, every invariant is evaluated as FHIRPath over the typed model, the hot core ones included
    /// (they are otherwise checked on the JSON; tests compare the two).</summary>
    internal bool InvariantFastPaths { get; init; } = true;

    /// <summary>The clock that "now" is read from, for minValueDuration / maxValueDuration bounds of dates.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static ValidationOptions Default { get; } = new();
}
