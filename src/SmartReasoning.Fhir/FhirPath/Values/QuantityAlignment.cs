namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Decides whether two quantities can be compared and, if so, the factors that put them on one scale:
/// <c>a.Value * fa</c> and <c>b.Value * fb</c> are then directly comparable. This is where FHIRPath's rules for
/// calendar durations against UCUM durations live (§6.1.1, §6.1.2, §6.2).
/// </summary>
internal static class QuantityAlignment
{
    private static readonly Rational SecondsPerDay = Rational.Create(86400, 1);

    /// <summary>The same unit as written ('mg' and 'mg'), or the same calendar keyword (day and days).</summary>
    public static bool SameUnit(FhirPathQuantity a, FhirPathQuantity b) =>
        a.CalendarUnit is { } x ? b.CalendarUnit == x : string.Equals(a.Unit, b.Unit, StringComparison.Ordinal);

    /// <summary>
    /// The factors to a common scale, or false when the quantities are not comparable:
    /// <list type="bullet">
    /// <item>units of different dimensions ('g' and 'm', 'cm2' and 'cm'), or units not known here;</item>
    /// <item>a calendar year or month against any UCUM unit, unless <paramref name="equivalence"/>: §6.1.1 makes
    /// calendar and definite durations above days (and weeks) un-comparable (1 year = 1 'a' is empty), while
    /// §6.1.2 makes them equivalent (1 year ~ 1 'a' is true, year read as 'a' and month as 'mo');</item>
    /// </list>
    /// Calendar week and finer are the same durations as 'wk', 'd', 'h', 'min', 's', 'ms' (1 week = 1 'wk').
    /// Between calendar keywords a year is 12 months; against week or finer, with no calendar to anchor them, a
    /// year is 365 days and a month 30 days (the standard lengths the spec uses for date arithmetic).
    /// </summary>
    public static bool TryAlign(FhirPathQuantity a, FhirPathQuantity b, bool equivalence, out Rational fa, out Rational fb)
    {
        fa = fb = Rational.One;
        if (SameUnit(a, b)) return true;

        if (a.CalendarUnit is { } ca && b.CalendarUnit is { } cb)
        {
            var inMonths = CalendarUnits.IsVariableLength(ca) && CalendarUnits.IsVariableLength(cb);
            fa = inMonths ? MonthsIn(ca) : SecondsIn(ca);
            fb = inMonths ? MonthsIn(cb) : SecondsIn(cb);
            return true;
        }

        if (UcumCodeFor(a, equivalence) is not { } ua || UcumCodeFor(b, equivalence) is not { } ub) return false;
        if (UcumUnits.Resolve(ua) is not { } ma || UcumUnits.Resolve(ub) is not { } mb || !ma.Dimension.Equals(mb.Dimension)) return false;
        fa = ma.Factor;
        fb = mb.Factor;
        return true;
    }

    // The UCUM reading of a quantity's unit; a calendar year or month has one only for equivalence.
    private static string? UcumCodeFor(FhirPathQuantity q, bool equivalence) => q.CalendarUnit switch
    {
        null => q.Unit,
        { } c when CalendarUnits.IsVariableLength(c) && !equivalence => null,
        { } c => CalendarUnits.UcumCode(c),
    };

    private static Rational MonthsIn(CalendarUnit unit) => unit == CalendarUnit.Year ? Rational.Create(12, 1) : Rational.One;

    private static Rational SecondsIn(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Year => Rational.Create(365, 1) * SecondsPerDay,
        CalendarUnit.Month => Rational.Create(30, 1) * SecondsPerDay,
        CalendarUnit.Week => Rational.Create(7, 1) * SecondsPerDay,
        CalendarUnit.Day => SecondsPerDay,
        CalendarUnit.Hour => Rational.Create(3600, 1),
        CalendarUnit.Minute => Rational.Create(60, 1),
        CalendarUnit.Second => Rational.One,
        _ => Rational.Create(1, 1000),
    };
}
