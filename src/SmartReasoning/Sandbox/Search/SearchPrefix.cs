using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>The comparison prefix of a date, number or quantity value (<c>ge2020</c>, <c>lt5.4</c>); <c>eq</c> when absent.</summary>
internal static class SearchPrefix
{
    public static (SearchComparator Prefix, string Value) Split(string value)
    {
        if (value.Length > 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1])
            && CodeTable<SearchComparator>.TryParse(value[..2], out var prefix))
            return (prefix, value[2..]);
        return (SearchComparator.Eq, value);
    }
}
