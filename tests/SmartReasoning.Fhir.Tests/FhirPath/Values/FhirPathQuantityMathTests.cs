using System.Globalization;
using SmartReasoning.Fhir.FhirPath;
using static SmartReasoning.Fhir.Tests.FhirPath.Values.V;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

public class FhirPathQuantityMathTests
{
    [Theory]
    [InlineData("1000 'mg'", "1 'g'", true)]
    [InlineData("1 'g'", "1000 'mg'", true)]
    [InlineData("1 'g'", "1001 'mg'", false)]
    [InlineData("1.0 'g'", "1 'g'", true)]
    [InlineData("1 'L'", "1000 'mL'", true)]
    [InlineData("1 'l'", "1 'L'", true)]
    [InlineData("1 'dm3'", "1 'L'", true)]
    [InlineData("6 '[tsp_us]'", "1 '[foz_us]'", true)]
    [InlineData("12 '[in_i]'", "1 '[ft_i]'", true)]
    [InlineData("16 '[oz_av]'", "1 '[lb_av]'", true)]
    [InlineData("1 'g/dL'", "10 'g/L'", true)]
    [InlineData("1 'g/dL'", "1000 'mg/dL'", true)]
    [InlineData("1 'mm[Hg]'", "1 'mm[Hg]'", true)]
    [InlineData("1 'wk'", "7 days", true)]
    [InlineData("7 days", "1 week", true)]
    [InlineData("1 week", "1 'wk'", true)]
    [InlineData("1 day", "24 'h'", true)]
    [InlineData("1 hour", "60 minutes", true)]
    [InlineData("1 second", "1 's'", true)]
    [InlineData("1 second", "1000 milliseconds", true)]
    [InlineData("1 millisecond", "1 'ms'", true)]
    [InlineData("1 year", "12 months", true)]
    [InlineData("1 year", "365 days", true)]
    [InlineData("1 month", "30 days", true)]
    [InlineData("1 'a'", "365.25 'd'", true)]
    [InlineData("1 'a'", "12 'mo'", true)]
    [InlineData("5 'Cel'", "5 'Cel'", true)]
    [InlineData("5 'unknownunit'", "5 'unknownunit'", true)]
    [InlineData("5 'unknownunit'", "6 'unknownunit'", false)]
    public void Equal_converts_units_of_one_dimension(string a, string b, bool expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Equal(Q(a), Q(b)));

    [Theory]
    [InlineData("4 'g'", "4 'm'")]
    [InlineData("1 'cm2'", "1 'cm'")]
    [InlineData("1 'mg/dL'", "1 'mmol/L'")]
    [InlineData("1 'mol'", "1")]
    [InlineData("1 year", "1 'a'")]
    [InlineData("1 month", "1 'mo'")]
    [InlineData("1 year", "365 'd'")]
    [InlineData("1 'Cel'", "274.15 'K'")]
    [InlineData("1 'unknownunit'", "1 'mg'")]
    [InlineData("1 '[IU]'", "1 'mg'")]
    public void Equal_is_empty_when_the_quantities_cannot_be_compared(string a, string b) =>
        Assert.Null(FhirPathQuantityMath.Equal(Q(a), Q(b)));

    [Theory]
    [InlineData("1 'kg'", "999 'g'", 1)]
    [InlineData("4 'm'", "4 'cm'", 1)]
    [InlineData("4 'cm'", "4 'm'", -1)]
    [InlineData("1 'mg'", "1000 'ug'", 0)]
    [InlineData("10 seconds", "1 's'", 1)]
    [InlineData("1 hour", "59 'min'", 1)]
    [InlineData("2 'wk'", "15 days", -1)]
    [InlineData("11 months", "1 year", -1)]
    [InlineData("1 'a'", "1 'a_g'", 1)]
    [InlineData("100 '[iU]'", "0.1 'k[IU]'", 0)]
    [InlineData("-1 'g'", "1 'mg'", -1)]
    public void Compare_orders_after_converting_to_a_common_unit(string a, string b, int expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Compare(Q(a), Q(b)));

    [Theory]
    [InlineData("4 'g'", "4 'm'")]
    [InlineData("1 year", "1 'a'")]
    [InlineData("1 'mo'", "1 month")]
    public void Compare_is_empty_when_the_quantities_cannot_be_compared(string a, string b) =>
        Assert.Null(FhirPathQuantityMath.Compare(Q(a), Q(b)));

    [Theory]
    [InlineData("1 year", "1 'a'", true)]
    [InlineData("1 month", "1 'mo'", true)]
    [InlineData("12 months", "1 'a'", true)]
    [InlineData("1 second", "1 's'", true)]
    [InlineData("4 'g'", "4000 'mg'", true)]
    [InlineData("4 'g'", "4040 'mg'", true)]
    [InlineData("4 'g'", "4600 'mg'", false)]
    [InlineData("4.00 'g'", "4040 'mg'", true)]
    [InlineData("4.01 'g'", "4040 'mg'", false)]
    [InlineData("4.001 'g'", "4000.6 'mg'", true)]
    [InlineData("4.0001 'g'", "4000.4 'mg'", false)]
    [InlineData("1 'min'", "0.0166667 'h'", true)]
    [InlineData("0.67 '1'", "0.666666 '1'", true)]
    [InlineData("4 'g'", "4 'm'", false)]
    [InlineData("1 'unknownunit'", "1 'otherunit'", false)]
    public void Equivalent_rounds_to_the_precision_of_the_less_precise_operand_across_units(string a, string b, bool expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Equivalent(Q(a), Q(b)));

    [Theory]
    [InlineData("3 'm'", "3 'cm'", "303 'cm'")]
    [InlineData("3 'cm'", "3 'm'", "303 'cm'")]
    [InlineData("1.0 'g'", "2.00 'g'", "3.00 'g'")]
    [InlineData("1.50 'cm'", "1 'm'", "101.50 'cm'")]
    [InlineData("1 'g'", "1 'mg'", "1001 'mg'")]
    [InlineData("1 year", "1 month", "13 month")]
    [InlineData("1 day", "1 'h'", "25 'h'")]
    [InlineData("2 days", "1 day", "3 days")]
    [InlineData("1 'L'", "1 'dm3'", "2 'L'")]
    public void Add_sums_in_the_finer_unit(string a, string b, string expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Add(Q(a), Q(b))!.ToString());

    [Theory]
    [InlineData("3 'm'", "3 'cm'", "297 'cm'")]
    [InlineData("1 'kg'", "1 'g'", "999 'g'")]
    [InlineData("5.5 'mg'", "0.5 'mg'", "5.0 'mg'")]
    public void Subtract_takes_the_difference_in_the_finer_unit(string a, string b, string expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Subtract(Q(a), Q(b))!.ToString());

    [Theory]
    [InlineData("3 'g'", "3 'm'")]
    [InlineData("1 year", "1 'a'")]
    [InlineData("1 'cm2'", "1 'cm'")]
    public void Add_and_subtract_are_empty_for_different_dimensions(string a, string b)
    {
        Assert.Null(FhirPathQuantityMath.Add(Q(a), Q(b)));
        Assert.Null(FhirPathQuantityMath.Subtract(Q(a), Q(b)));
    }

    [Theory]
    [InlineData("12 'cm'", "3 'cm'", "36 'cm2'")]
    [InlineData("3 'cm'", "12 'cm2'", "36 'cm3'")]
    [InlineData("2 'cm'", "1 'm'", "200 'cm2'")]
    [InlineData("2 'g'", "3 'm'", "6 'g.m'")]
    [InlineData("2 'mg'", "3", "6 'mg'")]
    [InlineData("2", "3 'mg'", "6 'mg'")]
    [InlineData("2 days", "3", "6 days")]
    [InlineData("2 'mg/dL'", "3 'dL'", "6 'mg'")]
    [InlineData("2 'm/s'", "3 's'", "6 'm'")]
    [InlineData("2 'm'", "3 '/s'", "6 'm/s'")]
    [InlineData("2 '10*3/uL'", "3 'uL'", "6 '10*3'")]
    [InlineData("2 'kg'", "3 'm/s2'", "6 'kg.m/s2'")]
    [InlineData("2 days", "3 days", "6 'd2'")]
    public void Multiply_multiplies_the_units(string a, string b, string expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Multiply(Q(a), Q(b)).ToString());

    [Theory]
    [InlineData("12 'cm2'", "3 'cm'", "4 'cm'")]
    [InlineData("6 'g'", "3 'g'", "2 '1'")]
    [InlineData("6 'g'", "3000 'mg'", "2 '1'")]
    [InlineData("6 'mg'", "3 'dL'", "2 'mg/dL'")]
    [InlineData("6 'mg'", "3", "2 'mg'")]
    [InlineData("6", "3 's'", "2 '1/s'")]
    [InlineData("6 'm'", "3 's2'", "2 'm/s2'")]
    [InlineData("6 'mg'", "3 'kg/d'", "2 'mg.d/kg'")]
    [InlineData("6 days", "3 days", "2 '1'")]
    [InlineData("6 'mg'", "3 day", "2 'mg/d'")]
    public void Divide_divides_the_units(string a, string b, string expected) =>
        Assert.Equal(expected, FhirPathQuantityMath.Divide(Q(a), Q(b))!.ToString());

    [Fact]
    public void Divide_by_zero_is_empty()
    {
        Assert.Null(FhirPathQuantityMath.Divide(Q("1 'mg'"), Q("0 'mL'")));
        Assert.Null(FhirPathQuantityMath.Divide(Q("1 'mg'"), Q("0")));
        Assert.Null(FhirPathQuantityMath.Divide(Q("1 'mg'"), Q("0.0 'g'")));
    }

    [Fact]
    public void Divided_then_multiplied_back_is_the_same_quantity()
    {
        var ratio = FhirPathQuantityMath.Divide(Q("150 'mg'"), Q("3 'dL'"))!;
        var back = FhirPathQuantityMath.Multiply(ratio, Q("3 'dL'"));

        Assert.True(FhirPathQuantityMath.Equal(Q("150 'mg'"), back));
    }

    [Fact]
    public void Results_of_unit_algebra_are_valid_ucum_that_converts()
    {
        var density = FhirPathQuantityMath.Divide(Q("5 'g'"), Q("2 'dL'"))!;

        Assert.Equal(25m, density.ConvertTo("g/L")!.Value);
        Assert.True(FhirPathQuantityMath.Equal(density, Q("2500 'mg/dL'")));
    }

    [Fact]
    public void Multiply_overflow_surfaces_as_OverflowException_which_FHIRPath_treats_as_empty() =>
        Assert.Throws<OverflowException>(() => FhirPathQuantityMath.Multiply(Q("79000000000000000000000000000 'm'"), Q("10 'm'")));

    [Fact]
    public void Human_units_that_are_not_ucum_still_compose()
    {
        var q = FhirPathQuantityMath.Multiply(new FhirPathQuantity(2, "beats per minute"), Q("3 's'"));

        Assert.Equal("(beats per minute).s", q.Unit);
        Assert.Equal(6m, q.Value);
    }

    [Fact]
    public void Large_and_fractional_conversions_stay_exact()
    {
        Assert.Equal(0, FhirPathQuantityMath.Compare(Q("1 'mo'"), Q("2629800 's'")));
        Assert.Equal(0, FhirPathQuantityMath.Compare(Q("3 'min'"), Q("0.05 'h'")));
        Assert.Equal(1, FhirPathQuantityMath.Compare(Q("1.0000000000000000000000000001 'g'"), Q("1000 'mg'")));
        Assert.Equal("0.0166666666666666666666666667", Q("1 'min'").ConvertTo("h")!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Concurrent_use_gives_the_same_answers_as_sequential_use()
    {
        string[] units = ["mg", "g", "kg", "[lb_av]", "mL", "L", "mm[Hg]", "kPa", "10*3/uL", "mg/dL", "g/L", "min", "h"];
        var results = new int?[units.Length * units.Length];
        Parallel.For(0, results.Length, i =>
            results[i] = FhirPathQuantityMath.Compare(new FhirPathQuantity(1, units[i / units.Length]), new FhirPathQuantity(1, units[i % units.Length])));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(FhirPathQuantityMath.Compare(new FhirPathQuantity(1, units[i / units.Length]), new FhirPathQuantity(1, units[i % units.Length])), results[i]);
        }
    }
}
