using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

public class FhirPathQuantityTests
{
    [Theory]
    [InlineData("5 'mg'", "5", "mg", false)]
    [InlineData("5.0 'mg'", "5.0", "mg", false)]
    [InlineData("1.50 'g/dL'", "1.50", "g/dL", false)]
    [InlineData("-1.5 'cm'", "-1.5", "cm", false)]
    [InlineData("120 'mm[Hg]'", "120", "mm[Hg]", false)]
    [InlineData("4 days", "4", "days", true)]
    [InlineData("1 year", "1", "year", true)]
    [InlineData("3 'wk'", "3", "wk", false)]
    [InlineData("0.001 milliseconds", "0.001", "milliseconds", true)]
    [InlineData("7 '10*3/uL'", "7", "10*3/uL", false)]
    public void Quantity_literals_parse_and_print_back_as_written(string text, string value, string unit, bool calendar)
    {
        Assert.True(FhirPathQuantity.TryParse(text, out var q));
        Assert.Equal(value, q!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(unit, q.Unit);
        Assert.Equal(calendar, q.IsCalendarDuration);
        Assert.Equal(text, q.ToString());
    }

    [Theory]
    [InlineData("5", "5 '1'")]
    [InlineData("+5", "5 '1'")]
    [InlineData("5.10", "5.10 '1'")]
    [InlineData("5'mg'", "5 'mg'")]
    [InlineData("5   'mg'", "5 'mg'")]
    [InlineData("2weeks", "2 weeks")]
    [InlineData("1 'year'", "1 year")]
    public void Other_accepted_forms_print_in_the_canonical_literal_form(string text, string printed) =>
        Assert.Equal(printed, Q(text).ToString());

    [Fact]
    public void Quotes_and_backslashes_in_a_unit_are_escaped_both_ways()
    {
        var q = Q(@"2 'it\'s'");

        Assert.Equal("it's", q.Unit);
        Assert.Equal(@"2 'it\'s'", q.ToString());
        Assert.Equal(q, Q(q.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mg")]
    [InlineData("'mg'")]
    [InlineData("5 mg")]
    [InlineData("5 Days")]
    [InlineData("5 'mg")]
    [InlineData("5 ''")]
    [InlineData("5 'mg' x")]
    [InlineData("5 'mg' ")]
    [InlineData("5 ")]
    [InlineData(" 5")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("1e3")]
    [InlineData("1,5 'mg'")]
    [InlineData("--5")]
    [InlineData("5 'mg\\q'")]
    [InlineData("99999999999999999999999999999999 'mg'")]
    public void Text_that_is_not_a_quantity_does_not_parse(string text)
    {
        Assert.False(FhirPathQuantity.TryParse(text, out var q));
        Assert.Null(q);
    }

    [Fact]
    public void The_value_keeps_its_scale()
    {
        Assert.Equal("1.00 'g'", new FhirPathQuantity(1.00m, "g").ToString());
        Assert.Equal(2, Q("1.00 'g'").Value.Scale);
    }

    [Fact]
    public void Calendar_keywords_are_recognised_in_singular_and_plural_and_nothing_else()
    {
        foreach (var unit in new[] { "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds" })
        {
            Assert.True(new FhirPathQuantity(1, unit).IsCalendarDuration, unit);
        }

        foreach (var unit in new[] { "a", "mo", "wk", "d", "h", "min", "s", "ms", "Year", "yr" })
        {
            Assert.False(new FhirPathQuantity(1, unit).IsCalendarDuration, unit);
        }
    }

    [Fact]
    public void An_empty_unit_is_the_unit_one_and_a_null_unit_is_rejected()
    {
        Assert.Equal("1", new FhirPathQuantity(1, "").Unit);
        Assert.Throws<ArgumentNullException>(() => new FhirPathQuantity(1, null!));
    }

    [Fact]
    public void Equality_is_structural_ignoring_trailing_zeros_and_keyword_plurals()
    {
        Assert.Equal(Q("1.0 'mg'"), Q("1 'mg'"));
        Assert.Equal(Q("1.0 'mg'").GetHashCode(), Q("1 'mg'").GetHashCode());
        Assert.Equal(Q("1 day"), Q("1 days"));
        Assert.Equal(Q("1 day").GetHashCode(), Q("1 days").GetHashCode());
        Assert.NotEqual(Q("1 'g'"), Q("1000 'mg'"));
        Assert.NotEqual(Q("1 day"), Q("1 'd'"));
    }

    [Theory]
    [InlineData("1 'g'", "mg", "1000")]
    [InlineData("1000 'mg'", "g", "1")]
    [InlineData("1.5 'kg'", "g", "1500")]
    [InlineData("1 '[lb_av]'", "g", "453.59237")]
    [InlineData("1 '[oz_av]'", "g", "28.349523125")]
    [InlineData("1 '[in_i]'", "cm", "2.54")]
    [InlineData("1 '[ft_i]'", "m", "0.3048")]
    [InlineData("1 'km'", "m", "1000")]
    [InlineData("1 'L'", "mL", "1000")]
    [InlineData("1 'l'", "dL", "10")]
    [InlineData("1 '[gal_us]'", "L", "3.785411784")]
    [InlineData("1 'wk'", "d", "7")]
    [InlineData("1 'a'", "d", "365.25")]
    [InlineData("1 'mo'", "d", "30.4375")]
    [InlineData("2 days", "h", "48")]
    [InlineData("2 days", "hours", "48")]
    [InlineData("1 year", "months", "12")]
    [InlineData("1 'g/dL'", "mg/dL", "1000")]
    [InlineData("1 'g/dL'", "g/L", "10")]
    [InlineData("1 'm2'", "cm2", "10000")]
    [InlineData("1 'mm[Hg]'", "Pa", "133.322")]
    [InlineData("1 'cm[H2O]'", "Pa", "98.0665")]
    public void ConvertTo_converts_between_units_of_one_dimension(string quantity, string unit, string expected)
    {
        var converted = Q(quantity).ConvertTo(unit);

        Assert.NotNull(converted);
        Assert.Equal(unit, converted.Unit);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), converted.Value);
    }

    [Theory]
    [InlineData("1 'g'", "m")]
    [InlineData("1 'mg/dL'", "mmol/L")]
    [InlineData("1 year", "a")]
    [InlineData("1 'mo'", "month")]
    [InlineData("1 'cm2'", "cm")]
    [InlineData("1 'Cel'", "K")]
    [InlineData("1 'mg'", "")]
    [InlineData("1 'mg'", "nonsense")]
    public void ConvertTo_is_null_when_the_units_are_not_convertible(string quantity, string unit) =>
        Assert.Null(Q(quantity).ConvertTo(unit));

    [Fact]
    public void ConvertTo_the_same_unit_keeps_the_value_as_written() =>
        Assert.Equal("1.50", Q("1.50 'g'").ConvertTo("g")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void ConvertTo_gives_null_rather_than_overflowing() =>
        Assert.Null(Q("79000000000000000000000000000 'km'").ConvertTo("nm"));
}
