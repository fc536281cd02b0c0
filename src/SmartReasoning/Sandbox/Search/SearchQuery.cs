namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A parsed FHIR R4 search on one resource type: the criteria (<see cref="Clauses"/>, ANDed, each ORing its values),
/// the result parameters (_count, _sort, _include, _revinclude, _summary, _elements, _total), and the problems found
/// (<see cref="Issues"/>; with <see cref="HasErrors"/> the search must fail with a 400). It is also the comparer
/// that orders matches by <c>_sort</c>. Immutable and safe to share across threads.
/// </summary>
public sealed class SearchQuery : IComparer<ResourceIndex>
{
    /// <summary>More parameters than this in one request are refused (with one error) without reading the rest.</summary>
    public const int MaxParameters = 100;

    /// <summary>More comma-separated values than this in one parameter are refused.</summary>
    public const int MaxValuesPerParameter = 100;

    /// <summary>The page size when the request has no <c>_count</c>.</summary>
    public const int DefaultCount = 50;

    /// <summary>The server maximum page size: a larger <c>_count</c> is reduced to it, with a warning.</summary>
    public const int MaxCount = 1000;

    internal SearchQuery(string resourceType) => ResourceType = resourceType;

    /// <summary>Parses a search (the query string or form body, decoded, in order) with lenient or strict handling.</summary>
    public static SearchQuery Parse(string resourceType, IEnumerable<(string Name, string Value)> parameters, bool strictHandling) =>
        Parse(resourceType, parameters, new SearchQueryOptions { StrictHandling = strictHandling });

    public static SearchQuery Parse(string resourceType, IEnumerable<(string Name, string Value)> parameters, SearchQueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(parameters);
        return SearchQueryParser.Parse(resourceType, parameters, options ?? new SearchQueryOptions());
    }

    public string ResourceType { get; }

    public IReadOnlyList<SearchIssue> Issues { get; internal set; } = [];

    public bool HasErrors => Issues.Any(i => i.IsError);

    public IReadOnlyList<SearchClause> Clauses { get; internal set; } = [];

    /// <summary>The page size: <c>_count</c> within the server maximum, or the default.</summary>
    public int Count { get; internal set; } = DefaultCount;

    public IReadOnlyList<SortKey> Sort { get; internal set; } = [];

    public IReadOnlyList<IncludeParameter> Includes { get; internal set; } = [];

    public IReadOnlyList<IncludeParameter> RevIncludes { get; internal set; } = [];

    /// <summary><c>_summary</c>, when given.</summary>
    public SummaryMode? Summary { get; internal set; }

    /// <summary><c>_elements</c>: the top-level elements to return (the server adds the mandatory ones), when given.</summary>
    public IReadOnlyList<string>? Elements { get; internal set; }

    /// <summary><c>_total</c>, when given.</summary>
    public TotalMode? Total { get; internal set; }

    /// <summary>
    /// How a store narrows candidates before matching: one entry per clause that can use the inverted index, holding
    /// that clause's OR-alternatives as keys. A resource can match only if, for every entry, its
    /// <see cref="ResourceIndex.Keys"/> hold at least one of the entry's keys; so the candidates are the intersection,
    /// over entries, of the union of each entry's posting lists. Clauses that cannot use the index (strings, dates,
    /// numbers, :missing, :not, :text...) are left out: empty means scan the whole type. Keys may over-select, never
    /// under-select: always confirm candidates with <see cref="Matches"/>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> CandidateKeys =>
        _candidateKeys ??= [.. Clauses.Select(c => c.CandidateKeys).OfType<IReadOnlyList<string>>()];

    private IReadOnlyList<IReadOnlyList<string>>? _candidateKeys;

    /// <summary>Whether an indexed resource satisfies every clause.</summary>
    public bool Matches(ResourceIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (!string.Equals(index.ResourceType, ResourceType, StringComparison.Ordinal)) return false;
        foreach (var clause in Clauses)
            if (!clause.Matches(index)) return false;
        return true;
    }

    /// <summary>
    /// Orders two matches by <c>_sort</c>, then by id, so pages are stable. Without a value for a key a resource sorts
    /// after those with one, in either direction.
    /// </summary>
    public int Compare(ResourceIndex? x, ResourceIndex? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        foreach (var key in Sort)
        {
            var order = SortOrder.Compare(key, x, y);
            if (order != 0) return order;
        }
        return string.CompareOrdinal(x.Id, y.Id);
    }
}
