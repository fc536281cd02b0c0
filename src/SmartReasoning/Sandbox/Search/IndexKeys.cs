namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// The exact-match keys of the inverted index, written the same way by the indexer (<see cref="ResourceIndex.Keys"/>)
/// and by the query (<see cref="SearchQuery.CandidateKeys"/>). Keys are per resource type: the store keeps one
/// index per type. They are case-sensitive, as token, reference and uri matching are.
/// </summary>
public static class IndexKeys
{
    /// <summary>A token with its system (<c>code=system|value</c>), or without one (<c>code=|value</c>).</summary>
    public static string TokenWithSystem(string parameter, string? system, string code) => $"{parameter}={system}|{code}";

    /// <summary>A token by its value alone, whatever its system: <c>code=value</c>.</summary>
    public static string TokenCode(string parameter, string code) => $"{parameter}={code}";

    /// <summary>Any value in a system: <c>code=system|</c>.</summary>
    public static string TokenSystem(string parameter, string system) => $"{parameter}={system}|";

    /// <summary>A reference (<c>Type/id</c>, or an absolute URL or canonical without its version), or a uri: <c>code=value</c>.</summary>
    public static string Exact(string parameter, string value) => $"{parameter}={value}";
}
