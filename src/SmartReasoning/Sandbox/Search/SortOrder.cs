using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// The value a resource sorts by for one <c>_sort</c> key. With several values, ascending uses the smallest and
/// descending the largest (a Period sorts by its start ascending and its end descending), so "latest first" puts
/// a resource by its latest date. Strings sort by their normalized form, tokens by code, references and uris as text.
/// </summary>
internal static class SortOrder
{
    public static int Compare(SortKey key, ResourceIndex x, ResourceIndex y)
    {
        var a = ValueOf(key, x);
        var b = ValueOf(key, y);
        if (a is null) return b is null ? 0 : 1; // missing last, whichever the direction
        if (b is null) return -1;
        var order = a.Value.CompareTo(b.Value);
        return key.Descending ? -order : order;
    }

    private static SortValue? ValueOf(SortKey key, ResourceIndex index)
    {
        if (index.Values.GetValueOrDefault(key.Parameter.Code) is not { Count: > 0 } values) return null;
        SortValue? best = null;
        foreach (var v in values)
        {
            var candidate = Of(key.Parameter.Type, v, key.Descending);
            if (candidate is null) continue;
            if (best is null || (key.Descending ? candidate.Value.CompareTo(best.Value) > 0 : candidate.Value.CompareTo(best.Value) < 0)) best = candidate;
        }
        return best;
    }

    private static SortValue? Of(SearchParamType type, SearchValue v, bool descending) => type switch
    {
        SearchParamType.Date when v.Period is { } p => new SortValue(descending ? p.High : p.Low, null, null),
        SearchParamType.Number or SearchParamType.Quantity when v.Number is { } low => new SortValue(null, descending ? v.NumberHigh ?? low : low, null),
        SearchParamType.Token when v.Code is { } code => new SortValue(null, null, code),
        SearchParamType.String or SearchParamType.Reference or SearchParamType.Uri when v.Text is { } text => new SortValue(null, null, text),
        _ => null,
    };

    private readonly record struct SortValue(DateTimeOffset? Date, decimal? Number, string? Text) : IComparable<SortValue>
    {
        public int CompareTo(SortValue other)
        {
            if (Date is { } d && other.Date is { } od) return d.CompareTo(od);
            if (Number is { } n && other.Number is { } on) return n.CompareTo(on);
            return string.CompareOrdinal(Text, other.Text);
        }
    }
}
