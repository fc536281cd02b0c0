using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

// The contract between the sandbox FHIR server (store, HTTP) and its search engine.
// The server indexes each stored resource once (SearchIndexer.Index) and answers a search by parsing the query
// (SearchQuery.Parse), narrowing candidates through the index keys (SearchQuery.CandidateKeys / ResourceIndex.Keys),
// then matching (SearchQuery.Matches) and ordering (SearchQuery.Compare) what remains.
// The parameters themselves are SearchParameterCatalogue's (generated in SmartReasoning.Fhir from the R4 definitions).

/// <summary>What searching a resource needs to know of it: its search values by parameter code, computed once when stored.</summary>
public sealed class ResourceIndex
{
    public required string ResourceType { get; init; }
    public required string Id { get; init; }

    /// <summary>meta.lastUpdated, when the resource has one (the server sets it before indexing).</summary>
    public DateTimeOffset? LastUpdated { get; init; }

    /// <summary>
    /// Search values by parameter code (_id and _lastUpdated included). A parameter without values is absent,
    /// which is what <c>:missing=true</c> finds.
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<SearchValue>> Values { get; init; }

    /// <summary>
    /// Exact-match keys for the store's inverted index of this resource type (see <see cref="IndexKeys"/>): per token
    /// value <c>code=system|value</c>, <c>code=value</c> and <c>code=system|</c> (<c>code=|value</c> without a system);
    /// per reference <c>subject=Patient/123</c>; per uri and canonical <c>url=http://...</c>; and <c>_id=123</c>.
    /// </summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>Parameters whose expression failed on this resource (left unindexed), with the reason; empty normally.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>One indexed value of one search parameter; which members are set depends on the parameter type.</summary>
public sealed record SearchValue
{
    /// <summary>token: the code system; quantity: the unit system; reference: the identifier system (for <c>:identifier</c>).</summary>
    public string? System { get; init; }

    /// <summary>token: the code (or identifier value, ...); quantity: the unit code; reference: the identifier value.</summary>
    public string? Code { get; init; }

    /// <summary>
    /// string: the normalized text (<see cref="TextNormalizer"/>); token: the normalized display or text (for <c>:text</c>);
    /// uri: the uri as written; reference: <c>Type/id</c>, or the absolute URL or canonical when it is not one.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>string: the text exactly as written (for <c>:exact</c>).</summary>
    public string? Exact { get; init; }

    /// <summary>quantity: the human-readable unit (<c>Quantity.unit</c>), which <c>||code</c> searches also match.</summary>
    public string? Unit { get; init; }

    /// <summary>date: the period the value covers, honouring its precision (2020-03 covers all of March).</summary>
    public DateRange? Period { get; init; }

    /// <summary>number, quantity: the lowest value covered (the value itself, or the low end of a Range).</summary>
    public decimal? Number { get; init; }

    /// <summary>number, quantity: the highest value covered (equal to <see cref="Number"/> except for a Range).</summary>
    public decimal? NumberHigh { get; init; }

    /// <summary>composite: one value per component, in the parameter's component order.</summary>
    public IReadOnlyList<SearchValue>? Components { get; init; }
}

/// <summary>
/// A problem with a search request (unknown parameter, bad value): a warning the server may report beside the results,
/// or an error (<see cref="IsError"/>) that fails the search with a 400 and an OperationOutcome of this issue type.
/// </summary>
public sealed record SearchIssue(string Parameter, string Message, bool IsError, IssueType Type);
