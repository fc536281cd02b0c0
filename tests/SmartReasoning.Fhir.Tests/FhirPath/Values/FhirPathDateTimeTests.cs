using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

public class FhirPathDateTimeTests
{
    [Theory]
    [InlineData("2015", DateTimePrecision.Year)]
    [InlineData("2015-02", DateTimePrecision.Month)]
    [InlineData("2015-02-04", DateTimePrecision.Day)]
    [InlineData("2015-02-04T14", DateTimePrecision.Hour)]
    [InlineData("2015-02-04T14:34", DateTimePrecision.Minute)]
    [InlineData("2015-02-04T14:34:28", DateTimePrecision.Second)]
    [InlineData("2015-02-04T14:34:28.123", DateTimePrecision.Millisecond)]
    [InlineData("2015-02-04T14:34:28.1", DateTimePrecision.Millisecond)]
    [InlineData("2015-02-04T14:34:28.120", DateTimePrecision.Millisecond)]
    [InlineData("2015-02-04T14:34:28.123+01:00", DateTimePrecision.Millisecond)]
    [InlineData("2015-02-04T14:34:28.123456Z", DateTimePrecision.Millisecond)]
    [InlineData("2015-02-04T14:34:28Z", DateTimePrecision.Second)]
    [InlineData("2015-02-04T14:34:28-05:30", DateTimePrecision.Second)]
    [InlineData("2015-02-04T14+01:00", DateTimePrecision.Hour)]
    [InlineData("2015-02-04T14:34Z", DateTimePrecision.Minute)]
    [InlineData("2015-02-04T00:00:00+14:00", DateTimePrecision.Second)]
    [InlineData("2015-02-04T23:59:59.999-12:00", DateTimePrecision.Millisecond)]
    public void FHIR_and_FHIRPath_forms_parse_and_print_back_as_written(string text, DateTimePrecision precision)
    {
        Assert.True(FhirPathDateTime.TryParse(text, out var value));
        Assert.Equal(precision, value!.Precision);
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("2015T", "2015", DateTimePrecision.Year)]
    [InlineData("2015-02T", "2015-02", DateTimePrecision.Month)]
    [InlineData("2015-02-04T", "2015-02-04", DateTimePrecision.Day)]
    public void The_literal_forms_with_a_trailing_T_are_date_only_values(string text, string printed, DateTimePrecision precision)
    {
        Assert.True(FhirPathDateTime.TryParse(text, out var value));
        Assert.Equal(precision, value!.Precision);
        Assert.Null(value.Hour);
        Assert.Equal(printed, value.ToString());
        Assert.Equal(value, DateTime(printed));
    }

    [Fact]
    public void Components_and_offset_are_exposed()
    {
        var value = DateTime("2015-02-04T14:34:28.123+01:00");

        Assert.Equal((2015, 2, 4, 14, 34, 28, 123), (value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, value.Millisecond));
        Assert.Equal(TimeSpan.FromHours(1), value.Offset);
        Assert.Null(DateTime("2015-02-04T14:34:28").Offset);
        Assert.Null(DateTime("2015-02-04T14:34:28").Millisecond);
        Assert.Equal(TimeSpan.Zero, DateTime("2015-02-04T14:34:28Z").Offset);
    }

    [Fact]
    public void Zero_offsets_print_as_they_were_written()
    {
        Assert.Equal("2015-02-04T14:34:28+00:00", DateTime("2015-02-04T14:34:28+00:00").ToString());
        Assert.Equal("2015-02-04T14:34:28Z", DateTime("2015-02-04T14:34:28Z").ToString());
        Assert.Equal("2015-02-04T14:34:28+00:00", DateTime("2015-02-04T14:34:28-00:00").ToString());
    }

    [Fact]
    public void Z_and_plus_zero_are_the_same_value() =>
        Assert.Equal(DateTime("2015-02-04T14:34:28Z"), DateTime("2015-02-04T14:34:28+00:00"));

    [Fact]
    public void Structural_equality_tells_seconds_from_milliseconds_and_offsets_apart()
    {
        Assert.NotEqual(DateTime("2015-02-04T14:34:28"), DateTime("2015-02-04T14:34:28.0"));
        Assert.NotEqual(DateTime("2015-02-04T14:34:28+01:00"), DateTime("2015-02-04T14:34:28"));
        Assert.Equal(DateTime("2015-02-04T14:34:28.5").GetHashCode(), DateTime("2015-02-04T14:34:28.5").GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("T")]
    [InlineData("2015TT")]
    [InlineData("2015T10")]
    [InlineData("2015-02T10:00")]
    [InlineData("2015-02-04T1")]
    [InlineData("2015-02-04T24:00")]
    [InlineData("2015-02-04T23:60")]
    [InlineData("2015-02-04T23:59:60")]
    [InlineData("2015-02-04T10:00:00.")]
    [InlineData("2015-02-04T10:00:00.123456789012345678901")]
    [InlineData("2015-02-04T10:00:00+1:00")]
    [InlineData("2015-02-04T10:00:00+01")]
    [InlineData("2015-02-04T10:00:00+0100")]
    [InlineData("2015-02-04T10:00:00+15:00")]
    [InlineData("2015-02-04T10:00:00+01:60")]
    [InlineData("2015-02-04T10:00:00Z+01:00")]
    [InlineData("2015-02-04T10:00:00ZZ")]
    [InlineData("2015-02-04Z")]
    [InlineData("2015-02-04+01:00")]
    [InlineData("2015-02-04T+01:00")]
    [InlineData("2015-02-04 10:00:00")]
    [InlineData("2015-02-30T10:00")]
    [InlineData("@2015-02-04T10:00")]
    [InlineData("2015-02-04t10:00")]
    public void Text_that_is_not_a_datetime_does_not_parse(string text)
    {
        Assert.False(FhirPathDateTime.TryParse(text, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void ToDate_drops_the_time_and_offset() =>
        Assert.Equal(Date("2015-02-04"), DateTime("2015-02-04T23:30:00-05:00").ToDate());

    [Fact]
    public void FromDateTimeOffset_builds_a_value_at_the_requested_precision()
    {
        var instant = new DateTimeOffset(2024, 3, 9, 13, 5, 7, 42, TimeSpan.FromHours(2));

        Assert.Equal("2024-03-09T13:05:07.042+02:00", FhirPathDateTime.FromDateTimeOffset(instant).ToString());
        Assert.Equal("2024-03-09T13:05:07+02:00", FhirPathDateTime.FromDateTimeOffset(instant, DateTimePrecision.Second).ToString());
        Assert.Equal("2024-03", FhirPathDateTime.FromDateTimeOffset(instant, DateTimePrecision.Month).ToString());
    }

    [Theory]
    [InlineData("2014-01-31T10:00:00Z", "1 month", "2014-02-28T10:00:00Z")]
    [InlineData("2016-02-29T10:00", "1 year", "2017-02-28T10:00")]
    [InlineData("2015-12-31T23:00:00+01:00", "2 hours", "2016-01-01T01:00:00+01:00")]
    [InlineData("2015-02-28T23:59:59", "1 second", "2015-03-01T00:00:00")]
    [InlineData("2016-02-28T23:59:59", "1 's'", "2016-02-29T00:00:00")]
    [InlineData("2015-02-04T14:34:28.123", "877 milliseconds", "2015-02-04T14:34:29.000")]
    [InlineData("2015-02-04T14:34:28.123", "1.5 seconds", "2015-02-04T14:34:29.123")]
    [InlineData("1973-12-25T00:00:00.000+10:00", "0.1 's'", "1973-12-25T00:00:00.000+10:00")]
    [InlineData("1973-12-25T00:00:00.000+10:00", "10 'ms'", "1973-12-25T00:00:00.010+10:00")]
    [InlineData("1973-12-25T00:00:00.000+10:00", "1 'min'", "1973-12-25T00:01:00.000+10:00")]
    [InlineData("1973-12-25T00:00:00.000+10:00", "1 'h'", "1973-12-25T01:00:00.000+10:00")]
    [InlineData("1973-12-25T00:00:00.000+10:00", "7.7 days", "1974-01-01T00:00:00.000+10:00")]
    [InlineData("2015-02-04T14:34:28.1", "5 'ms'", "2015-02-04T14:34:28.105")]
    [InlineData("2015-02-04T14:34:28.1", "5.9 'ms'", "2015-02-04T14:34:28.105")]
    [InlineData("2015-02-04T14:34:28.123", "-124 milliseconds", "2015-02-04T14:34:27.999")]
    [InlineData("2015-01-01T00:00:00.000", "-1 millisecond", "2014-12-31T23:59:59.999")]
    [InlineData("2015-02-04T14:34", "90 minutes", "2015-02-04T16:04")]
    [InlineData("2015-02-04T14", "1 week", "2015-02-11T14")]
    [InlineData("2015-02-04T14:34:28", "-1 day", "2015-02-03T14:34:28")]
    public void Adding_durations_carries_across_calendar_boundaries_and_keeps_the_offset(string value, string duration, string expected)
    {
        var result = DateTime(value).Add(Q(duration));

        Assert.Equal(expected, result.ToString());
        Assert.Equal(DateTime(value).Precision, result.Precision);
    }

    [Theory]
    [InlineData("2014T", "24 months", "2016")]
    [InlineData("2014", "25 months", "2016")]
    [InlineData("2015-02-04T14", "90 minutes", "2015-02-04T15")]
    [InlineData("2015-02-04T14", "59 minutes", "2015-02-04T14")]
    [InlineData("2015-02-04T14:34", "150 seconds", "2015-02-04T14:36")]
    [InlineData("2015-02-04T14:34:28", "1999 milliseconds", "2015-02-04T14:34:29")]
    [InlineData("2015-02-04T14:34:28", "1.9 seconds", "2015-02-04T14:34:29")]
    [InlineData("2015-02", "3000 minutes", "2015-02")]
    [InlineData("2015-02", "43200 minutes", "2015-03")]
    [InlineData("2015", "8760 hours", "2016")]
    public void A_duration_finer_than_the_value_is_converted_to_its_precision_dropping_the_remainder(string value, string duration, string expected) =>
        Assert.Equal(expected, DateTime(value).Add(Q(duration)).ToString());

    [Theory]
    [InlineData("2015-02-04T14:34:28Z", "1 'mo'")]
    [InlineData("2015-02-04T14:34:28Z", "1 'a'")]
    [InlineData("2015-02-04T14:34:28Z", "1 'kg'")]
    [InlineData("2015-02-04T14:34:28Z", "1 'ks'")]
    public void Definite_durations_without_a_calendar_equal_and_non_time_units_are_errors(string value, string duration) =>
        Assert.Throws<FhirPathValueException>(() => DateTime(value).Add(Q(duration)));

    [Fact]
    public void Sub_second_ucum_units_are_applied_as_milliseconds() =>
        Assert.Equal("2015-02-04T14:34:28.001", DateTime("2015-02-04T14:34:28.000").Add(Q("1500 'us'")).ToString());

    [Theory]
    [InlineData("2015-02-04T14:34:28Z", "1 day", "2015-02-03T14:34:28Z")]
    [InlineData("2015-03-31T10:00", "1 month", "2015-02-28T10:00")]
    [InlineData("2015-01-01T00:00:00.000+05:00", "1 millisecond", "2014-12-31T23:59:59.999+05:00")]
    public void Subtracting_moves_back(string value, string duration, string expected) =>
        Assert.Equal(expected, DateTime(value).Subtract(Q(duration)).ToString());

    [Fact]
    public void A_result_outside_years_1_to_9999_is_an_error()
    {
        Assert.Throws<FhirPathValueException>(() => DateTime("9999-12-31T23:59:59.999").Add(Q("1 millisecond")));
        Assert.Throws<FhirPathValueException>(() => DateTime("0001-01-01T00:00").Subtract(Q("1 minute")));
    }
}
