using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

/// <summary>The examples of FHIRPath N1 §6.1.1 (=), §6.1.2 (~) and §6.2 (comparison), and the edges around them.</summary>
public class FhirPathTemporalTests
{
    [Theory]
    [InlineData("2012", "2012", true)]
    [InlineData("2012", "2013", false)]
    [InlineData("2012-01", "2012", null)]
    [InlineData("2012-01", "2013", false)]
    [InlineData("2012-01-01", "2012-01-01", true)]
    [InlineData("2012-01-01", "2012-01-02", false)]
    [InlineData("2012-01-01", "2012-01", null)]
    public void Date_equality_follows_the_spec_examples(string a, string b, bool? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equal(Date(a), Date(b)));

    [Theory]
    [InlineData("2012-01-01T10:30", "2012-01-01T10:30", true)]
    [InlineData("2012-01-01T10:30", "2012-01-01T10:31", false)]
    [InlineData("2012-01-01T10:30:31", "2012-01-01T10:30", null)]
    [InlineData("2012-01-01T10:30:31.0", "2012-01-01T10:30:31", true)]
    [InlineData("2012-01-01T10:30:31.1", "2012-01-01T10:30:31", false)]
    [InlineData("2012-04-15T15:30:31", "2012-04-15T15:30:31.0", true)]
    [InlineData("2012-04-15T15:30:31.100", "2012-04-15T15:30:31.1", true)]
    [InlineData("2012-01-01T10", "2012-01-01T11:30", false)]
    [InlineData("2012-01-01", "2012-01-01T10:30", null)]
    [InlineData("2012T", "2012-01-01T10:30", null)]
    public void DateTime_equality_treats_seconds_and_milliseconds_as_one_decimal_precision(string a, string b, bool? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equal(DateTime(a), DateTime(b)));

    [Theory]
    [InlineData("2017-11-05T01:30:00.0-04:00", "2017-11-05T01:15:00.0-05:00", -1)]
    [InlineData("2017-11-05T01:30:00.0-04:00", "2017-11-05T00:30:00.0-05:00", 0)]
    [InlineData("2017-11-05T01:30:00.0-04:00", "2017-11-05T01:20:00.0-06:00", -1)]
    [InlineData("2017-11-05T05:30:00Z", "2017-11-05T01:30:00-04:00", 0)]
    [InlineData("2017-11-05T23:30:00-05:00", "2017-11-06T04:00:00Z", 1)]
    public void DateTimes_with_different_offsets_are_compared_as_instants(string a, string b, int expected) =>
        Assert.Equal(expected, FhirPathTemporal.Compare(DateTime(a), DateTime(b)));

    [Fact]
    public void The_spec_timezone_examples_hold()
    {
        var a = DateTime("2017-11-05T01:30:00.0-04:00");

        Assert.False(FhirPathTemporal.Compare(a, DateTime("2017-11-05T01:15:00.0-05:00")) > 0);
        Assert.True(FhirPathTemporal.Compare(a, DateTime("2017-11-05T01:15:00.0-05:00")) < 0);
        Assert.False(FhirPathTemporal.Equal(a, DateTime("2017-11-05T01:15:00.0-05:00")));
        Assert.True(FhirPathTemporal.Equal(a, DateTime("2017-11-05T00:30:00.0-05:00")));
        Assert.True(FhirPathTemporal.Compare(a, DateTime("2017-11-05T01:20:00.0-06:00")) < 0);
    }

    [Fact]
    public void Z_plus_zero_and_minus_zero_are_equal() =>
        Assert.True(FhirPathTemporal.Equal(DateTime("2012-01-01T10:30:00Z"), DateTime("2012-01-01T10:30:00-00:00")));

    [Fact]
    public void A_value_without_offset_against_one_with_is_empty_when_the_unknown_offset_could_change_the_answer()
    {
        // The official suite's testEquality23.
        Assert.Null(FhirPathTemporal.Equal(DateTime("2012-04-15T15:00:00Z"), DateTime("2012-04-15T10:00:00")));
        Assert.Null(FhirPathTemporal.Compare(DateTime("2017-11-05T10:00"), DateTime("2017-11-05T10:00Z")));
        Assert.False(FhirPathTemporal.Equivalent(DateTime("2017-11-05T10:00"), DateTime("2017-11-05T10:00Z")));
    }

    [Fact]
    public void A_value_without_offset_against_one_with_is_decided_when_no_offset_could_change_the_answer()
    {
        Assert.Equal(-1, FhirPathTemporal.Compare(DateTime("2012-04-15T15:00:00Z"), DateTime("2012-04-17T10:00:00")));
        Assert.Equal(1, FhirPathTemporal.Compare(DateTime("2012-04-15T15:00:00Z"), DateTime("2012-04-14T00:59:00")));
        Assert.False(FhirPathTemporal.Equal(DateTime("2012-04-15T15:00:00Z"), DateTime("2012-04-17T10:00:00")));
        Assert.Equal(1, FhirPathTemporal.Compare(DateTime("2025-06-01T10:00:00.000+02:00"), Date("1974-12-25").ToDateTime()));
    }

    [Fact]
    public void An_assumed_offset_places_values_without_one()
    {
        var local = DateTime("2017-11-05T10:00");
        var utc = DateTime("2017-11-05T10:00Z");
        var plusTwo = DateTime("2017-11-05T10:00+02:00");

        Assert.True(FhirPathTemporal.Equal(local, utc, TimeSpan.Zero));
        Assert.False(FhirPathTemporal.Equal(local, plusTwo, TimeSpan.Zero));
        Assert.Equal(1, FhirPathTemporal.Compare(local, plusTwo, TimeSpan.Zero));
        Assert.True(FhirPathTemporal.Equal(local, plusTwo, TimeSpan.FromHours(2)));
        Assert.True(FhirPathTemporal.Equivalent(local, plusTwo, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Two_values_without_offsets_compare_as_written_whatever_offset_is_assumed() =>
        Assert.Equal(0, FhirPathTemporal.Compare(DateTime("2017-11-05T10:00"), DateTime("2017-11-05T10:00"), TimeSpan.FromHours(-7)));

    [Fact]
    public void A_date_only_value_meets_a_timed_value_in_the_assumed_offset()
    {
        var day = DateTime("2017-11-05");
        var lateEvening = DateTime("2017-11-05T20:00Z");

        Assert.Null(FhirPathTemporal.Compare(day, lateEvening));
        Assert.Null(FhirPathTemporal.Compare(day, lateEvening, TimeSpan.Zero));
        Assert.Equal(-1, FhirPathTemporal.Compare(day, lateEvening, TimeSpan.FromHours(10)));
    }

    [Fact]
    public void An_hour_moved_by_a_half_hour_offset_cannot_be_compared() =>
        Assert.Null(FhirPathTemporal.Compare(DateTime("2017-11-05T10+05:30"), DateTime("2017-11-05T10Z")));

    [Fact]
    public void Shifting_past_the_supported_years_gives_empty_not_a_crash() =>
        Assert.Null(FhirPathTemporal.Compare(DateTime("0001-01-01T00:30:00+01:00"), DateTime("0001-01-01T00:30:00Z")));

    [Theory]
    [InlineData("2018-03-01", "2018-01-01", 1)]
    [InlineData("2018-03", "2018-03-01", null)]
    [InlineData("2018-03", "2018-04-01", -1)]
    [InlineData("2019", "2018-12-31", 1)]
    [InlineData("2018", "2018", 0)]
    public void Comparing_dates_of_different_precision_is_empty_unless_a_common_component_decides(string a, string b, int? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Compare(Date(a), Date(b)));

    [Theory]
    [InlineData("2018-03-01T10:30:00", "2018-03-01T10:00:00", 1)]
    [InlineData("2018-03-01T10", "2018-03-01T10:30", null)]
    [InlineData("2018-03-01T10:30:00", "2018-03-01T10:30:00.0", 0)]
    [InlineData("2018-03-01T10:30:00.001", "2018-03-01T10:30:00", 1)]
    [InlineData("2018-03-01T10:30:00.5", "2018-03-01T10:30:01", -1)]
    public void Comparing_datetimes_of_different_precision_is_empty_but_seconds_meet_milliseconds(string a, string b, int? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Compare(DateTime(a), DateTime(b)));

    [Theory]
    [InlineData("10:30:00", "10:00:00", 1)]
    [InlineData("10", "10:30", null)]
    [InlineData("10:30:00", "10:30:00.0", 0)]
    [InlineData("09", "10:30", -1)]
    public void Comparing_times_follows_the_spec_examples(string a, string b, int? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Compare(Time(a), Time(b)));

    [Theory]
    [InlineData("10:30", "10:30", true)]
    [InlineData("10:30", "10:31", false)]
    [InlineData("10:30:31", "10:30", null)]
    [InlineData("10:30:31.0", "10:30:31", true)]
    public void Time_equality_is_three_valued(string a, string b, bool? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equal(Time(a), Time(b)));

    [Theory]
    [InlineData("2012", "2012", true)]
    [InlineData("2012", "2013", false)]
    [InlineData("2012-01", "2012", false)]
    public void Date_equivalence_is_false_for_different_precisions(string a, string b, bool expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equivalent(Date(a), Date(b)));

    [Theory]
    [InlineData("2012-01-01T10:30", "2012-01-01T10:30", true)]
    [InlineData("2012-01-01T10:30", "2012-01-01T10:31", false)]
    [InlineData("2012-01-01T10:30:31", "2012-01-01T10:30", false)]
    [InlineData("2012-01-01T10:30:31.0", "2012-01-01T10:30:31", true)]
    [InlineData("2012-01-01T10:30:31.1", "2012-01-01T10:30:31", false)]
    [InlineData("2017-11-05T01:30:00-04:00", "2017-11-05T00:30:00-05:00", true)]
    [InlineData("2017-11-05T10+05:30", "2017-11-05T10Z", false)]
    public void DateTime_equivalence_follows_the_spec_examples(string a, string b, bool expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equivalent(DateTime(a), DateTime(b)));

    [Theory]
    [InlineData("10:30", "10:30", true)]
    [InlineData("10:30:00", "10:30", false)]
    [InlineData("10:30:00.000", "10:30:00", true)]
    public void Time_equivalence_is_false_for_different_precisions(string a, string b, bool expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equivalent(Time(a), Time(b)));

    [Theory]
    [InlineData("2015-02-04", "2015-02-04T10:00", null)]
    [InlineData("2015-02-04", "2015-02-04", true)]
    [InlineData("2015-02-04", "2015-02-05T10:00", false)]
    [InlineData("2015-02", "2015-02-04T10:00", null)]
    public void A_date_compares_with_a_datetime_through_ToDateTime(string date, string dateTime, bool? expected) =>
        Assert.Equal(expected, FhirPathTemporal.Equal(Date(date).ToDateTime(), DateTime(dateTime)));

    [Fact]
    public void A_date_is_before_a_datetime_on_a_later_day_once_the_offset_cannot_move_it_back()
    {
        // In -14:00, 2015-02-04T10:00Z is still 3 February: without an assumed offset that day is unknown.
        Assert.Null(FhirPathTemporal.Compare(Date("2015-02-03").ToDateTime(), DateTime("2015-02-04T10:00Z")));
        Assert.Equal(-1, FhirPathTemporal.Compare(Date("2015-02-03").ToDateTime(), DateTime("2015-02-04T10:00Z"), TimeSpan.Zero));
        Assert.Equal(-1, FhirPathTemporal.Compare(Date("2015-02-02").ToDateTime(), DateTime("2015-02-04T10:00Z")));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => FhirPathTemporal.Compare(null!, Date("2015")));
        Assert.Throws<ArgumentNullException>(() => FhirPathTemporal.Equivalent(DateTime("2015"), null!));
    }
}
