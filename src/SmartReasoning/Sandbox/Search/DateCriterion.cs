using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// A date with its prefix, compared as ranges (R4 search §2.1.1.5.2): the searched value covers its precision
/// (<c>2020-03</c> is all of March) and so does the indexed one, and
/// eq: the search range contains the value's; ne: it does not; gt/lt: the value's range reaches after/before the
/// search range; ge/le: gt/lt or eq; sa/eb: the value's range starts after/ends before the search range;
/// ap: the ranges overlap once the search range is widened by 10% of its distance from now.
/// </summary>
internal sealed class DateCriterion(SearchComparator prefix, DateRange search, DateTimeOffset now) : SearchCriterion
{
    private readonly DateRange _approximate = Widen(search, now);

    public override bool Matches(SearchValue value)
    {
        if (value.Period is not { } target) return false;
        return prefix switch
        {
            SearchComparator.Eq => search.Contains(target),
            SearchComparator.Ne => !search.Contains(target),
            SearchComparator.Gt => target.High > search.High,
            SearchComparator.Lt => target.Low < search.Low,
            SearchComparator.Ge => target.High > search.High || search.Contains(target),
            SearchComparator.Le => target.Low < search.Low || search.Contains(target),
            SearchComparator.Sa => target.Low >= search.High,
            SearchComparator.Eb => target.High <= search.Low,
            SearchComparator.Ap => _approximate.Overlaps(target),
            _ => false,
        };
    }

    private static DateRange Widen(DateRange range, DateTimeOffset now)
    {
        var gap = (now - range.Low).Duration();
        var margin = TimeSpan.FromTicks(gap.Ticks / 10);
        var low = range.Low - DateTimeOffset.MinValue > margin ? range.Low - margin : DateTimeOffset.MinValue;
        var high = DateTimeOffset.MaxValue - range.High > margin ? range.High + margin : DateTimeOffset.MaxValue;
        return new DateRange(low, high);
    }
}
