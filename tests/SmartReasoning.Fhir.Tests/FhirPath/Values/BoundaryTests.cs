using System.Globalization;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.FhirPath.Functions;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

/// <summary>lowBoundary(), highBoundary(), precision() and comparable(): the official R4 suite's cases and more.</summary>
public class BoundaryTests
{
    private static decimal D(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    // precision -1 stands for "none given".
    private static int? P(int precision) => precision == -1 ? null : precision;

    [Theory]
    [InlineData("1.587", -1, "1.58650000")]
    [InlineData("1.587", 6, "1.586500")]
    [InlineData("1.587", 2, "1.58")]
    [InlineData("1.587", 0, "1")]
    [InlineData("-1.587", -1, "-1.58750000")]
    [InlineData("-1.587", 6, "-1.587500")]
    [InlineData("-1.587", 2, "-1.59")]
    [InlineData("-1.587", 0, "-2")]
    [InlineData("1", -1, "0.50000000")]
    [InlineData("1", 0, "0")]
    [InlineData("1", 5, "0.50000")]
    [InlineData("12.587", 2, "12.58")]
    [InlineData("12.500", 4, "12.4995")]
    [InlineData("120", 2, "119.50")]
    [InlineData("-120", 2, "-120.50")]
    [InlineData("0.0034", 1, "0.0")]
    [InlineData("-0.0034", 1, "0.0")] // the suite writes -0.0; a decimal zero here has no sign
    [InlineData("0", -1, "-0.50000000")]
    [InlineData("0", 0, "-1")]
    [InlineData("0.0", 0, "0")] // 0.0 is -0.05..0.05, which rounds to 0
    [InlineData("1.123456789", -1, "1.1234567885")] // more digits than the default when the boundary needs them
    public void Decimal_low_boundary_is_the_suites(string value, int precision, string expected) =>
        Assert.Equal(expected, Text(FhirPathDecimal.LowBoundary(D(value), P(precision))));

    [Theory]
    [InlineData("1.587", -1, "1.58750000")]
    [InlineData("1.587", 8, "1.58750000")]
    [InlineData("1.587", 2, "1.59")]
    [InlineData("1.587", 6, "1.587500")]
    [InlineData("-1.587", -1, "-1.58650000")]
    [InlineData("-1.587", 2, "-1.58")]
    [InlineData("-1.587", 6, "-1.586500")]
    [InlineData("1", -1, "1.50000000")]
    [InlineData("1", 0, "2")]
    [InlineData("1", 5, "1.50000")]
    [InlineData("12.587", 2, "12.59")]
    [InlineData("12.500", 4, "12.5005")]
    [InlineData("120", 2, "120.50")]
    [InlineData("0.0034", 1, "0.0")]
    [InlineData("0", -1, "0.50000000")]
    [InlineData("0", 0, "1")]
    [InlineData("0.0", 0, "0")]
    public void Decimal_high_boundary_is_the_suites(string value, int precision, string expected) =>
        Assert.Equal(expected, Text(FhirPathDecimal.HighBoundary(D(value), P(precision))));

    [Theory]
    [InlineData("1.587", -1)]
    [InlineData("1.587", 29)]
    [InlineData("1.587", 32)]
    [InlineData("1.587", 39)]
    [InlineData("-1.587", 32)]
    [InlineData("12.587", 28)] // 12.5865 with 28 decimals has more digits than a decimal holds
    public void A_decimal_precision_out_of_range_gives_no_boundary(string value, int precision)
    {
        Assert.Null(FhirPathDecimal.LowBoundary(D(value), precision));
        Assert.Null(FhirPathDecimal.HighBoundary(D(value), precision));
    }

    [Fact]
    public void The_largest_precision_is_kept_when_the_value_fits()
    {
        Assert.Equal("1.5865000000000000000000000000", Text(FhirPathDecimal.LowBoundary(1.587m, 28)));
        Assert.Equal(28, FhirPathDecimal.LowBoundary(0.1234567890123456789012345678m)!.Value.Scale);
    }

    [Fact]
    public void Boundaries_enclose_the_value_and_mirror_for_negatives()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 2000; i++)
        {
            var value = new decimal(random.Next(), random.Next(0, 1000), 0, random.Next(2) == 0, (byte)random.Next(0, 12));
            var low = FhirPathDecimal.LowBoundary(value)!.Value;
            var high = FhirPathDecimal.HighBoundary(value)!.Value;
            Assert.True(low < value && value < high, $"{low} < {value} < {high}");
            Assert.Equal(-high, FhirPathDecimal.LowBoundary(-value));
            Assert.Equal(-low, FhirPathDecimal.HighBoundary(-value));
        }
    }

    [Theory]
    [InlineData("1.58700", 5)]
    [InlineData("1", 0)]
    [InlineData("-0.50", 2)]
    public void Decimal_precision_counts_the_digits_after_the_point(string value, int expected) =>
        Assert.Equal(expected, FhirPathDecimal.Precision(D(value)));

    [Fact]
    public void Quantity_boundaries_are_the_values_in_the_same_unit()
    {
        Assert.Equal("1.58650000 'cm'", Q("1.587 'cm'").LowBoundary(8)!.ToString());
        Assert.Equal("1.58750000 'm'", Q("1.587 'm'").HighBoundary(8)!.ToString());
        Assert.Equal("2.5 days", Q("3 days").LowBoundary(1)!.ToString());
        Assert.Null(Q("1.587 'cm'").LowBoundary(39));
    }

    [Theory]
    [InlineData("2014", 6, "2014-01", "2014-12")]
    [InlineData("2014", 4, "2014", "2014")]
    [InlineData("2014", -1, "2014-01-01", "2014-12-31")]
    [InlineData("2016-02", 8, "2016-02-01", "2016-02-29")]
    [InlineData("2015-02", 8, "2015-02-01", "2015-02-28")]
    [InlineData("2014-05-06", 4, "2014", "2014")]
    public void Date_boundaries_fill_the_missing_components(string value, int precision, string low, string high)
    {
        Assert.Equal(low, Date(value).LowBoundary(P(precision))?.ToString());
        Assert.Equal(high, Date(value).HighBoundary(P(precision))?.ToString());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(0)]
    [InlineData(-1000)]
    public void Date_precisions_other_than_4_6_8_give_no_boundary(int precision)
    {
        Assert.Null(Date("2014-01").LowBoundary(precision));
        Assert.Null(Date("2014-01").HighBoundary(precision));
    }

    [Theory]
    [InlineData("2014-01-01T08", 17, "2014-01-01T08:00:00.000+14:00", "2014-01-01T08:00:59.999-12:00")]
    [InlineData("2014-01-01T08:05+08:00", 17, "2014-01-01T08:05:00.000+08:00", "2014-01-01T08:05:59.999+08:00")]
    [InlineData("2014-01-01T08:05-05:00", 17, "2014-01-01T08:05:00.000-05:00", "2014-01-01T08:05:59.999-05:00")]
    [InlineData("2014-01-01T08", 8, "2014-01-01", "2014-01-01")]
    [InlineData("2014-01-01T08:05:30.1Z", -1, "2014-01-01T08:05:30.100Z", "2014-01-01T08:05:30.199Z")]
    [InlineData("2014-01-01T08:05:30.12345Z", 17, "2014-01-01T08:05:30.123Z", "2014-01-01T08:05:30.123Z")]
    [InlineData("2014-01-01T08:05:30.999Z", 14, "2014-01-01T08:05:30Z", "2014-01-01T08:05:30Z")]
    [InlineData("2014-01-01T08:05:30Z", 12, "2014-01-01T08:05Z", "2014-01-01T08:05Z")]
    [InlineData("2014-01-01T08:05", 10, "2014-01-01T08+14:00", "2014-01-01T08-12:00")]
    [InlineData("2014", 17, "2014-01-01T00:00:00.000+14:00", "2014-12-31T23:59:59.999-12:00")]
    [InlineData("2014-02", 6, "2014-02", "2014-02")]
    [InlineData("2001-05-06", -1, "2001-05-06T00:00:00.000+14:00", "2001-05-06T23:59:59.999-12:00")]
    public void DateTime_boundaries_fill_the_components_and_the_offset(string value, int precision, string low, string high)
    {
        Assert.Equal(low, DateTime(value).LowBoundary(P(precision))?.ToString());
        Assert.Equal(high, DateTime(value).HighBoundary(P(precision))?.ToString());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(18)]
    [InlineData(-1)]
    public void DateTime_precisions_that_are_not_a_components_give_no_boundary(int precision)
    {
        Assert.Null(DateTime("2014-01-01T08").LowBoundary(precision));
        Assert.Null(DateTime("2014-01-01T08").HighBoundary(precision));
    }

    [Theory]
    [InlineData("10:30", 9, "10:30:00.000", "10:30:59.999")]
    [InlineData("10:30", -1, "10:30:00.000", "10:30:59.999")]
    [InlineData("10", 9, "10:00:00.000", "10:59:59.999")]
    [InlineData("10:30:05", 6, "10:30:05", "10:30:05")]
    [InlineData("10:30:05.5", 9, "10:30:05.500", "10:30:05.599")]
    [InlineData("10:30:05.5", 2, "10", "10")]
    [InlineData("10:30", 6, "10:30:00", "10:30:59")]
    public void Time_boundaries_fill_the_missing_components(string value, int precision, string low, string high)
    {
        Assert.Equal(low, Time(value).LowBoundary(P(precision))?.ToString());
        Assert.Equal(high, Time(value).HighBoundary(P(precision))?.ToString());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(0)]
    public void Time_precisions_other_than_2_4_6_9_give_no_boundary(int precision)
    {
        Assert.Null(Time("10:30").LowBoundary(precision));
        Assert.Null(Time("10:30").HighBoundary(precision));
    }

    [Fact]
    public void Temporal_precision_counts_the_digits_written()
    {
        Assert.Equal(4, Date("2014").PrecisionDigits);
        Assert.Equal(6, Date("2014-01").PrecisionDigits);
        Assert.Equal(8, Date("2014-01-05").PrecisionDigits);
        Assert.Equal(4, DateTime("2014").PrecisionDigits);
        Assert.Equal(8, DateTime("2014-01-05T").PrecisionDigits);
        Assert.Equal(10, DateTime("2014-01-05T10").PrecisionDigits);
        Assert.Equal(12, DateTime("2014-01-05T10:30").PrecisionDigits);
        Assert.Equal(14, DateTime("2014-01-05T10:30:00Z").PrecisionDigits);
        Assert.Equal(17, DateTime("2014-01-05T10:30:00.000").PrecisionDigits);
        Assert.Equal(2, Time("10").PrecisionDigits);
        Assert.Equal(4, Time("10:30").PrecisionDigits);
        Assert.Equal(6, Time("10:30:00").PrecisionDigits);
        Assert.Equal(9, Time("10:30:00.000").PrecisionDigits);
    }

    [Fact]
    public void A_boundary_has_the_precision_it_was_asked_for()
    {
        foreach (var digits in new[] { 4, 6, 8, 10, 12, 14, 17 })
        {
            Assert.Equal(digits, DateTime("2014-03-04T05:06:07.890Z").LowBoundary(digits)!.PrecisionDigits);
            Assert.Equal(digits, DateTime("2014").HighBoundary(digits)!.PrecisionDigits);
        }

        foreach (var digits in new[] { 2, 4, 6, 9 }) Assert.Equal(digits, Time("05").HighBoundary(digits)!.PrecisionDigits);
    }

    [Fact]
    public void Period_invariant_holds_for_a_date_start_and_an_instant_end()
    {
        // testPeriodInvariantNew: start.lowBoundary() < end.highBoundary() on the example patient's identifier period.
        var start = DateTime("2001-05-06").LowBoundary()!;
        var end = DateTime("2001-05-06T10:10:10Z").HighBoundary()!;
        Assert.Equal(-1, FhirPathTemporal.Compare(start, end));
        Assert.Equal(-1, FhirPathTemporal.Compare(DateTime("2014-01-01T08").LowBoundary()!, DateTime("2014-01-01T08").HighBoundary()!));
    }

    [Theory]
    [InlineData("1 'cm'", "1 '[in_i]'", true)]
    [InlineData("1 'cm'", "1 '[s]'", false)]
    [InlineData("1 'cm'", "1 's'", false)]
    [InlineData("3 'mg'", "1 'kg'", true)]
    [InlineData("1 week", "1 'd'", true)]
    [InlineData("1 year", "1 'a'", false)]
    [InlineData("1 year", "1 month", true)]
    public void Comparable_is_true_for_units_of_one_dimension(string a, string b, bool expected)
    {
        Assert.Equal(expected, FhirPathQuantityMath.Comparable(Q(a), Q(b)));
        Assert.Equal(expected, FhirPathQuantityMath.Comparable(Q(b), Q(a)));
    }

    // The function layer, with constant arguments.
    private static readonly object[] NoItems = [];

    private static IReadOnlyList<object> Call(string name, IReadOnlyList<object> focus, params object[][] args)
    {
        List<FunctionDefinition> functions = [];
        BoundaryFunctions.Register(functions);
        var function = functions.Single(f => f.Name == name);
        var scope = new EvaluationScope(new FhirPathEnvironment(), focus);
        var evaluators = args.Select(a => (Evaluator)((_, _) => a)).ToArray();
        return function.Body!(focus, evaluators, scope);
    }

    [Fact]
    public void Functions_take_integers_decimals_quantities_and_temporals()
    {
        Assert.Equal([0m], Call("lowBoundary", [1], [0]));
        Assert.Equal("0.50000", Text((decimal)Call("lowBoundary", [1], [5])[0]));
        Assert.Equal("1.50000000", Text((decimal)Call("highBoundary", [1L])[0]));
        Assert.Equal("1.58650000 'cm'", Call("lowBoundary", [Q("1.587 'cm'")], [8])[0].ToString());
        Assert.Equal("2014-12", Call("highBoundary", [Date("2014")], [6])[0].ToString());
        Assert.Equal("2014-01-01T08:00:00.000+14:00", Call("lowBoundary", [DateTime("2014-01-01T08")], [17])[0].ToString());
        Assert.Equal("10:30:59.999", Call("highBoundary", [Time("10:30")], [9])[0].ToString());
        Assert.Equal([5], Call("precision", [1.58700m]));
        Assert.Equal([0], Call("precision", [7]));
        Assert.Equal([17], Call("precision", [DateTime("2014-01-05T10:30:00.000")]));
        Assert.Equal([4], Call("precision", [Time("10:30")]));
        Assert.Equal([true], Call("comparable", [Q("1 'cm'")], [Q("1 '[in_i]'")]));
        Assert.Equal([false], Call("comparable", [Q("1 'cm'")], [Q("1 's'")]));
    }

    [Fact]
    public void Functions_give_empty_for_empty_input_empty_precision_and_precisions_out_of_range()
    {
        Assert.Empty(Call("lowBoundary", []));
        Assert.Empty(Call("highBoundary", [], [2]));
        Assert.Empty(Call("lowBoundary", [1.587m], NoItems));
        Assert.Empty(Call("lowBoundary", [1.587m], [-1]));
        Assert.Empty(Call("highBoundary", [1.587m], [39]));
        Assert.Empty(Call("lowBoundary", [Date("2014")], [7]));
        Assert.Empty(Call("precision", []));
        Assert.Empty(Call("comparable", [], [Q("1 'cm'")]));
        Assert.Empty(Call("comparable", [Q("1 'cm'")], NoItems));
    }

    [Fact]
    public void Functions_reject_other_types_and_several_items()
    {
        Assert.Throws<FhirPathEvaluationException>(() => Call("lowBoundary", ["1.5"]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("highBoundary", [true]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("precision", ["abc"]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("lowBoundary", [1.5m, 2.5m]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("lowBoundary", [1.5m], ["2"]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("comparable", [1], [Q("1 'cm'")]));
        Assert.Throws<FhirPathEvaluationException>(() => Call("comparable", [Q("1 'cm'")], ["cm"]));
    }
}
