using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Fhir.Tests.FhirPath.Values;

/// <summary>The UCUM subset behind quantity conversion: syntax, meaning and exact factors.</summary>
public class UcumUnitsTests
{
    [Theory]
    [InlineData("kg", "g")]
    [InlineData("g", "g")]
    [InlineData("mg", "g")]
    [InlineData("ug", "g")]
    [InlineData("ng", "g")]
    [InlineData("pg", "g")]
    [InlineData("[lb_av]", "g")]
    [InlineData("[oz_av]", "g")]
    [InlineData("km", "m")]
    [InlineData("cm", "m")]
    [InlineData("mm", "m")]
    [InlineData("um", "m")]
    [InlineData("nm", "m")]
    [InlineData("[in_i]", "m")]
    [InlineData("[ft_i]", "m")]
    [InlineData("L", "m3")]
    [InlineData("l", "m3")]
    [InlineData("dL", "m3")]
    [InlineData("dl", "m3")]
    [InlineData("mL", "m3")]
    [InlineData("ml", "m3")]
    [InlineData("uL", "m3")]
    [InlineData("ul", "m3")]
    [InlineData("[gal_us]", "m3")]
    [InlineData("a", "s")]
    [InlineData("mo", "s")]
    [InlineData("wk", "s")]
    [InlineData("d", "s")]
    [InlineData("h", "s")]
    [InlineData("min", "s")]
    [InlineData("ms", "s")]
    [InlineData("us", "s")]
    [InlineData("mm[Hg]", "g.m-1.s-2")]
    [InlineData("kPa", "g.m-1.s-2")]
    [InlineData("cm2", "m2")]
    [InlineData("m3", "m3")]
    [InlineData("g/dL", "g.m-3")]
    [InlineData("mg/dL", "g.m-3")]
    [InlineData("/min", "s-1")]
    [InlineData("1/min", "s-1")]
    [InlineData("{beats}/min", "s-1")]
    [InlineData("10*3/uL", "m-3")]
    [InlineData("mmol/L", "m-3.mol")]
    [InlineData("kcal", "g.m2.s-2")]
    [InlineData("%", "1")]
    [InlineData("1", "1")]
    [InlineData("mg/(kg.d)", "s-1")]
    [InlineData("m[IU]/mL", "[IU].m-3")]
    public void Known_units_resolve_to_their_dimension(string unit, string dimension)
    {
        var meaning = UcumUnits.Resolve(unit);

        Assert.NotNull(meaning);
        Assert.Equal(dimension, meaning.Dimension.ToString());
    }

    [Theory]
    [InlineData("kg", "1000")]
    [InlineData("[lb_av]", "45359237/100000")]
    [InlineData("[gal_us]", "473176473/125000000000")]
    [InlineData("a", "31557600")]
    [InlineData("mo", "2629800")]
    [InlineData("mm[Hg]", "133322")]
    [InlineData("%", "1/100")]
    [InlineData("10*3", "1000")]
    [InlineData("10^-2", "1/100")]
    [InlineData("[tsp_us]", "157725491/32000000000000")]
    public void Factors_are_exact(string unit, string factor) =>
        Assert.Equal(factor, UcumUnits.Resolve(unit)!.Factor.ToString());

    [Theory]
    [InlineData("Cel")]
    [InlineData("[degF]")]
    [InlineData("kilogram")]
    [InlineData("mcg")]
    [InlineData("ka")]
    [InlineData("k[in_i]")]
    [InlineData("mg/")]
    [InlineData("/")]
    [InlineData("m..g")]
    [InlineData("(mg")]
    [InlineData("mg)")]
    [InlineData("[mg")]
    [InlineData("{x")]
    [InlineData("m g")]
    [InlineData("m2000")]
    [InlineData("mg/0")]
    [InlineData("0")]
    [InlineData("")]
    public void Unknown_or_malformed_units_do_not_resolve(string unit) => Assert.Null(UcumUnits.Resolve(unit));

    [Theory]
    [InlineData("mg/dL", "mg/dL")]
    [InlineData("g.m/s2", "g.m/s2")]
    [InlineData("/min", "1/min")]
    [InlineData("10*3/uL", "10*3/uL")]
    [InlineData("{cells}/uL", "{cells}/uL")]
    [InlineData("m2{total}", "m2{total}")]
    [InlineData("s-1", "1/s")]
    [InlineData("mg/(kg.d)", "mg/(kg.d)")]
    public void Terms_format_back_to_ucum(string unit, string formatted)
    {
        Assert.True(UcumSyntax.TryParse(unit, out var terms));
        Assert.Equal(formatted, UnitTerm.Format(terms));
    }

    [Fact]
    public void Combining_terms_adds_exponents_and_drops_what_cancels()
    {
        UcumSyntax.TryParse("mg/dL", out var a);
        UcumSyntax.TryParse("dL.dL", out var b);

        Assert.Equal("mg.dL", UnitTerm.Format(UnitTerm.Combine(a, b)));
        Assert.Equal("1", UnitTerm.Format(UnitTerm.Combine(a, a.Select(t => t with { Exponent = -t.Exponent }))));
    }

    [Fact]
    public void A_number_raised_to_a_power_is_written_as_its_value()
    {
        UcumSyntax.TryParse("mg/24.h", out var a);

        Assert.Equal("mg2.h2/576", UnitTerm.Format(UnitTerm.Combine(a, a)));
    }

    [Theory]
    [InlineData("1/3", "0.3333333333333333333333333333")]
    [InlineData("2/3", "0.6666666666666666666666666667")]
    [InlineData("-2/3", "-0.6666666666666666666666666667")]
    [InlineData("1/8", "0.125")]
    [InlineData("1000/1", "1000")]
    [InlineData("0/5", "0")]
    [InlineData("79228162514264337593543950335/1", "79228162514264337593543950335")]
    [InlineData("79228162514264337593543950335/7", "11318308930609191084791992905")]
    public void Rationals_become_the_shortest_exact_decimal_or_the_closest_one(string rational, string expected) =>
        Assert.Equal(expected, Rational.Parse(rational).ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_rational_beyond_decimal_range_overflows() =>
        Assert.Throws<OverflowException>(() => Rational.Parse("79228162514264337593543950336/1").ToDecimal());

    [Fact]
    public void Decimals_round_trip_through_rationals()
    {
        foreach (var d in new[] { 0m, 1.50m, -0.001m, 79228162514264337593543950335m, -79228162514264337593543950335m, 0.0000000000000000000000000001m })
        {
            Assert.Equal(d, Rational.FromDecimal(d).ToDecimal());
        }
    }
}
