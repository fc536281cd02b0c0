namespace SmartReasoning.Sandbox.Search;

/// <summary>How a search request is read: handling of unknown parameters, page sizes, and what the server handles itself.</summary>
public sealed record SearchQueryOptions
{
    /// <summary>
    /// <c>Prefer: handling=strict</c>: unknown or unsupported parameters are errors. Otherwise (lenient, the default)
    /// they are ignored with a warning.
    /// </summary>
    public bool StrictHandling { get; init; }

    /// <summary>The page size when the request has no <c>_count</c>.</summary>
    public int DefaultCount { get; init; } = SearchQuery.DefaultCount;

    /// <summary>
    /// The largest page this server returns (a vendor profile may lower it); a larger <c>_count</c> is reduced to it
    /// with a warning. Never above <see cref="SearchQuery.MaxCount"/>.
    /// </summary>
    public int MaxCount { get; init; } = SearchQuery.MaxCount;

    /// <summary>Parameters the server handles itself (output format, its paging cursor): neither searched nor reported.</summary>
    public IReadOnlyCollection<string> IgnoredParameters { get; init; } = ["_format", "_pretty"];

    /// <summary>The clock behind <c>ap</c> on dates (10% of the distance from now).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
