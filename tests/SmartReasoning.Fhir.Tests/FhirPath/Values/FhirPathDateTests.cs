using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

public class FhirPathDateTests
{
    [Theory]
    [InlineData("2015", DateTimePrecision.Year)]
    [InlineData("2015-02", DateTimePrecision.Month)]
    [InlineData("2015-02-04", DateTimePrecision.Day)]
    [InlineData("0001-01-01", DateTimePrecision.Day)]
    [InlineData("9999-12-31", DateTimePrecision.Day)]
    [InlineData("2016-02-29", DateTimePrecision.Day)]
    public void Each_date_form_parses_and_prints_back_as_written(string text, DateTimePrecision precision)
    {
        Assert.True(FhirPathDate.TryParse(text, out var date));
        Assert.Equal(precision, date!.Precision);
        Assert.Equal(text, date.ToString());
    }

    [Fact]
    public void Components_are_exposed_and_absent_ones_are_null()
    {
        var date = Date("2015-02");

        Assert.Equal(2015, date.Year);
        Assert.Equal(2, date.Month);
        Assert.Null(date.Day);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("20150")]
    [InlineData("0000")]
    [InlineData("2015-2")]
    [InlineData("2015-13")]
    [InlineData("2015-00")]
    [InlineData("2015-02-30")]
    [InlineData("2015-02-29")]
    [InlineData("2015-04-31")]
    [InlineData("2015-02-04T")]
    [InlineData("2015-02-04T10:00")]
    [InlineData("@2015-02-04")]
    [InlineData(" 2015")]
    [InlineData("2015 ")]
    [InlineData("2015-")]
    [InlineData("2015--02")]
    [InlineData("２０１５")]
    [InlineData("2015-02-04Z")]
    public void Text_that_is_not_a_date_does_not_parse(string text)
    {
        Assert.False(FhirPathDate.TryParse(text, out var date));
        Assert.Null(date);
    }

    [Fact]
    public void Null_text_does_not_parse() => Assert.False(FhirPathDate.TryParse(null, out _));

    [Fact]
    public void Equality_is_structural_and_includes_the_precision()
    {
        Assert.Equal(Date("2015-02-04"), Date("2015-02-04"));
        Assert.Equal(Date("2015-02-04").GetHashCode(), Date("2015-02-04").GetHashCode());
        Assert.NotEqual(Date("2015-02"), Date("2015-02-01"));
        Assert.False(Date("2015").Equals(null));
    }

    [Fact]
    public void ToDateTime_keeps_the_components_and_leaves_the_time_absent()
    {
        var dateTime = Date("2015-02-04").ToDateTime();

        Assert.Equal(DateTimePrecision.Day, dateTime.Precision);
        Assert.Null(dateTime.Hour);
        Assert.Null(dateTime.Offset);
        Assert.Equal("2015-02-04", dateTime.ToString());
    }

    [Fact]
    public void FromDateOnly_is_a_full_precision_date() =>
        Assert.Equal(Date("2024-03-09"), FhirPathDate.FromDateOnly(new DateOnly(2024, 3, 9)));

    [Theory]
    [InlineData("2014-01-31", "1 month", "2014-02-28")]
    [InlineData("2016-01-31", "1 month", "2016-02-29")]
    [InlineData("2014-03-31", "1 month", "2014-04-30")]
    [InlineData("2014-01-31", "13 months", "2015-02-28")]
    [InlineData("2016-02-29", "1 year", "2017-02-28")]
    [InlineData("2016-02-29", "4 years", "2020-02-29")]
    [InlineData("2014-12-15", "1 month", "2015-01-15")]
    [InlineData("2014-12-31", "1 day", "2015-01-01")]
    [InlineData("2016-02-28", "1 day", "2016-02-29")]
    [InlineData("2015-02-28", "1 day", "2015-03-01")]
    [InlineData("2014-01-01", "2 weeks", "2014-01-15")]
    [InlineData("2014-01-01", "365 days", "2015-01-01")]
    [InlineData("2016-01-01", "365 days", "2016-12-31")]
    [InlineData("2019-03-01", "24 months", "2021-03-01")]
    [InlineData("2014-01-01", "-1 day", "2013-12-31")]
    [InlineData("2014-03-31", "-1 month", "2014-02-28")]
    public void Adding_calendar_durations_respects_month_lengths_and_leap_years(string date, string duration, string expected) =>
        Assert.Equal(Date(expected), Date(date).Add(Q(duration)));

    [Theory]
    [InlineData("2014", "24 months", "2016")]
    [InlineData("2014", "23 months", "2015")]
    [InlineData("2016", "365 days", "2017")]
    [InlineData("2016", "364 days", "2016")]
    [InlineData("2014-01", "45 days", "2014-02")]
    [InlineData("2014-01", "29 days", "2014-01")]
    [InlineData("2014-01", "5 weeks", "2014-02")]
    [InlineData("2014", "-23 months", "2013")]
    public void A_duration_finer_than_the_date_is_converted_to_its_precision_dropping_the_remainder(string date, string duration, string expected)
    {
        var result = Date(date).Add(Q(duration));

        Assert.Equal(Date(expected), result);
        Assert.Equal(Date(date).Precision, result.Precision);
    }

    [Theory]
    [InlineData("2019-03-01", "24 hours", "2019-03-02")]
    [InlineData("2019-03-01", "47 hours", "2019-03-02")]
    [InlineData("2019-03-01", "86400 's'", "2019-03-02")]
    [InlineData("2019-03-01", "1439 minutes", "2019-03-01")]
    public void Hours_and_seconds_on_a_date_count_whole_days(string date, string duration, string expected) =>
        Assert.Equal(Date(expected), Date(date).Add(Q(duration)));

    [Theory]
    [InlineData("2014-01-15", "1.9 months", "2014-02-15")]
    [InlineData("2016-01-01", "1.1 years", "2017-01-01")]
    [InlineData("2016-01-01", "2.9 days", "2016-01-03")]
    public void The_decimal_part_of_a_duration_above_seconds_is_ignored(string date, string duration, string expected) =>
        Assert.Equal(Date(expected), Date(date).Add(Q(duration)));

    [Theory]
    [InlineData("2019-03-01", "24 months", "2017-03-01")]
    [InlineData("2014", "24 months", "2012")]
    [InlineData("2016-03-31", "1 month", "2016-02-29")]
    [InlineData("2015-03-01", "1 day", "2015-02-28")]
    [InlineData("2016-01-01", "1.1 years", "2015-01-01")]
    public void Subtracting_is_adding_the_negated_duration(string date, string duration, string expected) =>
        Assert.Equal(Date(expected), Date(date).Subtract(Q(duration)));

    [Theory]
    [InlineData("1 'mg'")]
    [InlineData("1 'a'")]
    [InlineData("1 'mo'")]
    [InlineData("1 'a_g'")]
    [InlineData("5")]
    [InlineData("1 'unknown'")]
    public void Adding_a_quantity_that_is_not_a_calendar_duration_or_its_ucum_equal_is_an_error(string duration) =>
        Assert.Throws<FhirPathValueException>(() => Date("2015-02-04").Add(Q(duration)));

    // The official R4 suite, testPlusDate9-17 and testMinus5.
    [Theory]
    [InlineData("1973-12-25", "7 days", "1974-01-01")]
    [InlineData("1973-12-25", "7.7 days", "1974-01-01")]
    [InlineData("1973-12-25", "1 day", "1973-12-26")]
    [InlineData("1973-12-25", "1 month", "1974-01-25")]
    [InlineData("1973-12-25", "1 week", "1974-01-01")]
    [InlineData("1973-12-25", "1 year", "1974-12-25")]
    [InlineData("1973-12-25", "1 'd'", "1973-12-26")]
    [InlineData("1973-12-25", "1 'wk'", "1974-01-01")]
    [InlineData("1974-12-25", "-1 'month'", "1974-11-25")]
    public void UCUM_days_and_weeks_add_like_their_calendar_keywords(string date, string duration, string expected) =>
        Assert.Equal(Date(expected), Date(date).Add(Q(duration)));

    [Theory]
    [InlineData("9999-12-31", "1 day")]
    [InlineData("0001-01-01", "-1 day")]
    [InlineData("9999", "1 year")]
    [InlineData("2000", "100000000000000000000 years")]
    [InlineData("2000-01-01", "9999999999999999999999999 days")]
    public void A_result_outside_years_1_to_9999_is_an_error(string date, string duration) =>
        Assert.Throws<FhirPathValueException>(() => Date(date).Add(Q(duration)));
}
