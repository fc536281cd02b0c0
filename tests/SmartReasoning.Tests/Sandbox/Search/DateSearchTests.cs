using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class DateSearchTests
{
    // o1 2021-03-04T10:15:00Z (a second), o2 the period 2021-01-01..2021-01-31, o3 2022 (the year),
    // o4 2020-06-15 (a day), o5 2023-02-01T08:00:00+02:00 (06:00Z).
    [Theory]
    [InlineData("date=2021", "o1,o2")]
    [InlineData("date=eq2021-01", "o2")]
    [InlineData("date=2021-01-15", "")]
    [InlineData("date=2022-06", "")]
    [InlineData("date=ne2021", "o3,o4,o5")]
    [InlineData("date=ne2021-01-15", "o1,o2,o3,o4,o5")]
    [InlineData("date=gt2021-01-15", "o1,o2,o3,o5")]
    [InlineData("date=lt2021-01-15", "o2,o4")]
    [InlineData("date=ge2021-03-04", "o1,o3,o5")]
    [InlineData("date=le2021-01", "o2,o4")]
    [InlineData("date=sa2020-12-31", "o1,o2,o3,o5")]
    [InlineData("date=sa2021-01-15", "o1,o3,o5")]
    [InlineData("date=eb2021-02-01", "o2,o4")]
    [InlineData("date=eb2021-01-31", "o4")]
    [InlineData("date=2021-03-04T10:15", "o1")]
    [InlineData("date=2021-03-04T10:16", "")]
    [InlineData("date=2023-02-01", "o5")]
    [InlineData("date=lt2023-02-01T07:00:00Z", "o1,o2,o3,o4,o5")]
    [InlineData("date=gt2023-02-01T07:00:00Z", "")]
    [InlineData("date=2023-02-01T08:00:00%2B02:00", "o5")]
    [InlineData("date=ge2021&date=lt2022", "o1,o2")]
    [InlineData("date=2020,2022", "o3,o4")]
    public void Date_prefixes_compare_the_ranges_values_cover(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("birthdate=1985", "p2,p3")]
    [InlineData("birthdate=1985-03", "p3")]
    [InlineData("birthdate=gt1985-06", "p2")]
    [InlineData("birthdate=lt1985-06", "p1,p2,p3")]
    [InlineData("birthdate=ge1970-05-12&birthdate=le1970-05-12", "p1")]
    [InlineData("_lastUpdated=gt2024-02-01", "p1,p3")]
    [InlineData("_lastUpdated=2024-01", "p2")]
    public void Partial_dates_in_resources_cover_their_whole_unit(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query + "&_sort=_id"));
    }

    [Fact]
    public void Approximately_widens_the_date_by_a_tenth_of_its_distance_from_now()
    {
        var options = new SearchQueryOptions { Clock = new FixedClock(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)) };
        var query = SearchQuery.Parse("Observation", QueryString("date=ap2021-01-15"), options);
        // About three years from now: ±109 days, from late September 2020 to early May 2021.
        Assert.Equal(["o1", "o2"], Observations.Where(query.Matches).Select(o => o.Id).Order());
    }

    [Theory]
    [InlineData("date=2023-13-01")]
    [InlineData("date=yesterday")]
    [InlineData("date=2021-02-30")]
    [InlineData("date=gt")]
    [InlineData("date=2021-01-01T25:00")]
    [InlineData("date=xx2021")]
    public void Invalid_dates_are_errors_that_say_what_a_date_looks_like(string query)
    {
        var issue = SingleIssue(Query("Observation", query));
        Assert.True(issue.IsError);
        Assert.Equal("date", issue.Parameter);
        Assert.Contains("is not a valid date", issue.Message, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM-DD", issue.Message, StringComparison.Ordinal);
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
