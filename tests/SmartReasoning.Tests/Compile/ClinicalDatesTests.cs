using System.Globalization;
using SmartReasoning.Compile;

namespace SmartReasoning.Tests.Compile;

public sealed class ClinicalDatesTests
{
    [Theory]
    [InlineData("2020", "2020-01-01T00:00:00.0000000+00:00")]
    [InlineData("2020-05", "2020-05-01T00:00:00.0000000+00:00")]
    [InlineData("2020-05-17", "2020-05-17T00:00:00.0000000+00:00")]
    [InlineData("2020-05-17T10:20:30Z", "2020-05-17T10:20:30.0000000+00:00")]
    [InlineData("2020-05-17T10:20:30.059+00:00", "2020-05-17T10:20:30.0590000+00:00")]
    [InlineData("2020-05-17T01:20:30+02:00", "2020-05-16T23:20:30.0000000+00:00")]
    [InlineData("2020-05-17T22:20:30.1234567891-05:30", "2020-05-18T03:50:30.1234567+00:00")]
    public void Partial_and_full_dates_are_read_as_utc_points_in_time(string text, string expected)
    {
        var parsed = ClinicalDates.Parse(text);

        Assert.Equal(expected, parsed!.Value.ToString("o", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2020-02-30T10:00:00Z")]
    [InlineData("2020-13-01")]
    public void Text_that_is_not_a_date_is_no_date(string text) => Assert.Null(ClinicalDates.Parse(text));
}
