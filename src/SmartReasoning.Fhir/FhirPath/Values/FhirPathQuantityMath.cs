namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath operators on quantities: comparison (§6.2), '=' (§6.1.1), '~' (§6.1.2) and the math operators
/// (§6.6). Units of one dimension are converted ('m' against 'cm'); quantities that cannot be compared give null,
/// which is FHIRPath's empty. Decimal overflow surfaces as <see cref="OverflowException"/>, which FHIRPath
/// also turns into empty.
/// </summary>
public static class FhirPathQuantityMath
{
    /// <summary>
    /// -1, 0 or 1 after converting to a common unit; null when not comparable: different dimensions, unknown
    /// units, or a calendar year/month against a UCUM unit (1 year &gt; 1 'a' is empty).
    /// </summary>
    public static int? Compare(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (QuantityAlignment.SameUnit(a, b)) return Math.Sign(a.Value.CompareTo(b.Value)); // the common case, no fractions needed
        if (!QuantityAlignment.TryAlign(a, b, equivalence: false, out var fa, out var fb)) return null;
        return Math.Sign(Rational.Compare(Rational.FromDecimal(a.Value) * fa, Rational.FromDecimal(b.Value) * fb));
    }

    /// <summary>
    /// comparable(): whether <see cref="Compare"/> can compare the two, whatever their values: units of one
    /// dimension ('cm' and '[in_i]'), not 'cm' and 's', nor units not known here ('[s]'), nor a calendar year or
    /// month against a UCUM unit.
    /// </summary>
    public static bool Comparable(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return QuantityAlignment.TryAlign(a, b, equivalence: false, out _, out _);
    }

    /// <summary>
    /// '=': the values are equal once in a common unit (1000 'mg' = 1 'g', 1 week = 1 'wk', 1 second = 1 's');
    /// null when not comparable (1 year = 1 'a' is empty, §6.1.1).
    /// </summary>
    public static bool? Equal(FhirPathQuantity a, FhirPathQuantity b) => Compare(a, b) is { } c ? c == 0 : null;

    /// <summary>
    /// '~': the values are equal when both are rounded to the precision of the less precise one (decimal
    /// equivalence, trailing zeros ignored), that precision being measured across units: 4 'g' ~ 4040 'mg' is
    /// true because 4 'g' is only known to the gram (official suite, testQuantity4). Calendar durations are
    /// equivalent to their UCUM counterparts (1 year ~ 1 'a', §6.1.2). Quantities that cannot be compared are
    /// not equivalent.
    /// </summary>
    public static bool Equivalent(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!QuantityAlignment.TryAlign(a, b, equivalence: true, out var fa, out var fb)) return false;
        var stepA = Rational.Create(1, System.Numerics.BigInteger.Pow(10, SignificantScale(a.Value))) * fa;
        var stepB = Rational.Create(1, System.Numerics.BigInteger.Pow(10, SignificantScale(b.Value))) * fb;
        var step = Rational.Compare(stepA, stepB) >= 0 ? stepA : stepB;
        var x = (Rational.FromDecimal(a.Value) * fa / step).RoundToInteger();
        var y = (Rational.FromDecimal(b.Value) * fb / step).RoundToInteger();
        return x == y;
    }

    /// <summary>
    /// The sum in the finer of the two units (3 'm' + 3 'cm' = 303 'cm', §6.6); null when the dimensions differ.
    /// Same units add as decimals, so the scale is kept (1.0 'g' + 2.00 'g' = 3.00 'g').
    /// </summary>
    public static FhirPathQuantity? Add(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (QuantityAlignment.SameUnit(a, b)) return new FhirPathQuantity(a.Value + b.Value, a.Unit);
        if (!QuantityAlignment.TryAlign(a, b, equivalence: false, out var fa, out var fb)) return null;
        var (x, y) = InFinerUnit(a.Value, fa, b.Value, fb);
        return new FhirPathQuantity(x + y, Rational.Compare(fa, fb) <= 0 ? a.Unit : b.Unit);
    }

    /// <summary>The difference in the finer of the two units (3 'm' - 3 'cm' = 297 'cm'); null when the dimensions differ.</summary>
    public static FhirPathQuantity? Subtract(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return Add(a, b.Negate());
    }

    /// <summary>
    /// The product with the units multiplied: 12 'cm' * 3 'cm' = 36 'cm2', 'g' * 'm' = 'g.m'. A '1' factor drops
    /// out (2 'mg' * 3 = 6 'mg'), and a right operand of the left's dimension is first put in the left's unit,
    /// so 'cm' * 'm' is 'cm2'.
    /// </summary>
    public static FhirPathQuantity Multiply(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Unit == "1") return new FhirPathQuantity(a.Value * b.Value, a.Unit);
        if (a.Unit == "1") return new FhirPathQuantity(a.Value * b.Value, b.Unit);
        var (right, rightTerms) = InUnitOf(a, b);
        return new FhirPathQuantity(a.Value * right, UnitTerm.Format(UnitTerm.Combine(TermsOf(a), rightTerms)));
    }

    /// <summary>
    /// The quotient with the units divided: 12 'cm2' / 3 'cm' = 4 'cm', 'g' / 'g' = '1', 'mg' / 'dL' = 'mg/dL';
    /// a right operand of the left's dimension is first put in the left's unit ('g' / 'mg' = '1').
    /// Null on division by zero.
    /// </summary>
    public static FhirPathQuantity? Divide(FhirPathQuantity a, FhirPathQuantity b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Value == 0) return null;
        if (b.Unit == "1") return new FhirPathQuantity(a.Value / b.Value, a.Unit);
        var (right, rightTerms) = InUnitOf(a, b);
        if (right == 0) return null;
        var inverse = rightTerms.Select(t => t with { Exponent = -t.Exponent });
        return new FhirPathQuantity(a.Value / right, UnitTerm.Format(UnitTerm.Combine(TermsOf(a), inverse)));
    }

    // b's value and unit terms, in a's unit when they share a dimension so that the units cancel or merge.
    private static (decimal Value, List<UnitTerm> Terms) InUnitOf(FhirPathQuantity a, FhirPathQuantity b)
    {
        if (!QuantityAlignment.SameUnit(a, b) && QuantityAlignment.TryAlign(a, b, equivalence: false, out var fa, out var fb))
        {
            return ((Rational.FromDecimal(b.Value) * fb / fa).ToDecimal(), TermsOf(a));
        }

        return (b.Value, TermsOf(b));
    }

    // Calendar keywords compose as their UCUM codes (days * days is 'd2'); a unit that is not UCUM syntax
    // stays one opaque term, parenthesised when it would otherwise read as several.
    private static List<UnitTerm> TermsOf(FhirPathQuantity q)
    {
        if (q.CalendarUnit is { } c) return [new UnitTerm(CalendarUnits.UcumCode(c), "", 1)];
        if (UcumSyntax.TryParse(q.Unit, out var terms)) return terms;
        var symbol = q.Unit.AsSpan().IndexOfAny('.', '/') >= 0 || q.Unit.Contains(' ', StringComparison.Ordinal) ? "(" + q.Unit + ")" : q.Unit;
        return [new UnitTerm(symbol, "", 1)];
    }

    // Both values in the finer unit (the smaller factor); the one already in it is kept as written.
    private static (decimal X, decimal Y) InFinerUnit(decimal x, Rational fx, decimal y, Rational fy)
    {
        var c = Rational.Compare(fx, fy);
        if (c == 0) return (x, y);
        return c < 0
            ? (x, (Rational.FromDecimal(y) * fy / fx).ToDecimal())
            : ((Rational.FromDecimal(x) * fx / fy).ToDecimal(), y);
    }

    // The number of decimal places that matter: 1.50 has 1, 2.0 has 0.
    private static int SignificantScale(decimal value)
    {
        var scale = (int)value.Scale;
        while (scale > 0 && decimal.Round(value, scale - 1) == value) scale--;
        return scale;
    }
}
