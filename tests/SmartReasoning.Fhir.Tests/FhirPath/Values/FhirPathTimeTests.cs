using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

public class FhirPathTimeTests
{
    [Theory]
    [InlineData("14", DateTimePrecision.Hour)]
    [InlineData("14:34", DateTimePrecision.Minute)]
    [InlineData("14:34:28", DateTimePrecision.Second)]
    [InlineData("14:34:28.123", DateTimePrecision.Millisecond)]
    [InlineData("14:34:28.5", DateTimePrecision.Millisecond)]
    [InlineData("00:00:00.000", DateTimePrecision.Millisecond)]
    [InlineData("23:59:59.999", DateTimePrecision.Millisecond)]
    public void Each_time_form_parses_and_prints_back_as_written(string text, DateTimePrecision precision)
    {
        Assert.True(FhirPathTime.TryParse(text, out var time));
        Assert.Equal(precision, time!.Precision);
        Assert.Equal(text, time.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("T14:34")]
    [InlineData("@T14:34")]
    [InlineData("1")]
    [InlineData("24")]
    [InlineData("14:60")]
    [InlineData("14:34:60")]
    [InlineData("14:34:28.")]
    [InlineData("14:34:28Z")]
    [InlineData("14:34:28+01:00")]
    [InlineData("14-34")]
    [InlineData("14:3")]
    [InlineData("14:34:28.12a")]
    public void Text_that_is_not_a_time_does_not_parse(string text)
    {
        Assert.False(FhirPathTime.TryParse(text, out var time));
        Assert.Null(time);
    }

    [Fact]
    public void Components_are_exposed()
    {
        var time = Time("14:34:28.123");

        Assert.Equal((14, 34, 28, 123), (time.Hour, time.Minute, time.Second, time.Millisecond));
        Assert.Null(Time("14").Minute);
    }

    [Fact]
    public void FromTimeOnly_is_a_millisecond_precision_time() =>
        Assert.Equal("09:05:03.070", FhirPathTime.FromTimeOnly(new TimeOnly(9, 5, 3, 70)).ToString());

    [Fact]
    public void Structural_equality_includes_the_precision()
    {
        Assert.Equal(Time("10:30:00"), Time("10:30:00"));
        Assert.NotEqual(Time("10:30:00"), Time("10:30:00.0"));
        Assert.Equal(Time("10:30").GetHashCode(), Time("10:30").GetHashCode());
    }

    [Theory]
    [InlineData("10:00", "90 minutes", "11:30")]
    [InlineData("23:30", "1 hour", "00:30")]
    [InlineData("00:30", "-1 hour", "23:30")]
    [InlineData("23:59:59.999", "1 millisecond", "00:00:00.000")]
    [InlineData("10:00:00", "3661 seconds", "11:01:01")]
    [InlineData("10:00:00.000", "1.25 's'", "10:00:01.000")]
    [InlineData("10:00:00.000", "250 'ms'", "10:00:00.250")]
    [InlineData("10:00", "2 'h'", "12:00")]
    [InlineData("10", "90 minutes", "11")]
    [InlineData("10:15", "119 seconds", "10:16")]
    [InlineData("10:00", "48 hours", "10:00")]
    public void Adding_wraps_around_midnight_and_converts_finer_durations(string time, string duration, string expected) =>
        Assert.Equal(expected, Time(time).Add(Q(duration)).ToString());

    [Fact]
    public void Subtracting_moves_back() => Assert.Equal("09:45", Time("10:00").Subtract(Q("15 minutes")).ToString());

    [Theory]
    [InlineData("1 day")]
    [InlineData("1 week")]
    [InlineData("1 month")]
    [InlineData("1 year")]
    [InlineData("1 'd'")]
    [InlineData("1 'mg'")]
    public void Days_and_longer_or_non_time_units_cannot_be_added_to_a_time(string duration) =>
        Assert.Throws<FhirPathValueException>(() => Time("10:00").Add(Q(duration)));
}
