using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath System.Date: a year, year-month or full date, with no time and no timezone. Immutable.
/// <see cref="Equals(FhirPathDate?)"/> is structural (same precision and components); the FHIRPath operators
/// with their empty results are in <see cref="FhirPathTemporal"/>.
/// </summary>
public sealed class FhirPathDate : IEquatable<FhirPathDate>
{
    private readonly CalendarParts _parts;

    private FhirPathDate(CalendarParts parts) => _parts = parts;

    public int Year => _parts.Year;

    public int? Month => _parts.Month;

    public int? Day => _parts.Day;

    /// <summary>Year, Month or Day.</summary>
    public DateTimePrecision Precision => _parts.Precision;

    internal CalendarParts Parts => _parts;

    /// <summary>Reads "2015", "2015-02" or "2015-02-04" (a literal without its '@', or a FHIR date). Never throws.</summary>
    public static bool TryParse(string? text, out FhirPathDate? value)
    {
        value = null;
        if (text is null) return false;
        var pos = 0;
        if (!TemporalText.TryReadDate(text, ref pos, out var year, out var month, out var day) || pos != text.Length) return false;
        value = new FhirPathDate(new CalendarParts(year, month, day, null, null, null));
        return true;
    }

    /// <summary>A full-precision date.</summary>
    public static FhirPathDate FromDateOnly(DateOnly date) => new(new CalendarParts(date.Year, date.Month, date.Day, null, null, null));

    internal static FhirPathDate FromParts(CalendarParts parts) => new(parts with { Hour = null, Minute = null, Second = null });

    /// <summary>The implicit Date to DateTime conversion: same components, the time left absent (not midnight).</summary>
    public FhirPathDateTime ToDateTime() => FhirPathDateTime.FromParts(_parts, null, zulu: false);

    /// <summary>
    /// Adds a time-valued quantity (§6.7) with calendar semantics: calendar keywords, or the UCUM units equal to
    /// one ('wk', 'd', ...). The decimal part is ignored, and a duration finer than the date (hours, minutes...)
    /// is converted to the date's precision dropping the remainder: @2019-03-01 + 47 hours is @2019-03-02.
    /// Throws <see cref="FhirPathValueException"/> for other units ('a', 'mo', 'mg') and for years outside 1..9999.
    /// </summary>
    public FhirPathDate Add(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        try
        {
            var (unit, amount) = TemporalArithmetic.DurationOf(duration);
            var (level, steps) = TemporalArithmetic.ToStep(unit, amount, Precision);
            return new FhirPathDate(TemporalArithmetic.Add(_parts, level, steps));
        }
        catch (OverflowException)
        {
            throw TemporalArithmetic.OutOfRange();
        }
    }

    public FhirPathDate Subtract(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        return Add(duration.Negate());
    }

    /// <summary>precision(): the digits the date is known to, 4 (@2014), 6 (@2014-01) or 8 (@2014-01-05).</summary>
    public int PrecisionDigits => TemporalBoundary.DateDigits(Precision);

    /// <summary>
    /// lowBoundary(): the earliest date this one can be, to <paramref name="precision"/> digits (4, 6 or 8, by
    /// default 8): @2014.LowBoundary(6) is @2014-01. A coarser precision cuts the date. Null for other precisions.
    /// </summary>
    public FhirPathDate? LowBoundary(int? precision = null) => Boundary(precision, high: false);

    /// <summary>highBoundary(): the latest date this one can be, as <see cref="LowBoundary"/>: @2014.HighBoundary(8) is @2014-12-31.</summary>
    public FhirPathDate? HighBoundary(int? precision = null) => Boundary(precision, high: true);

    private FhirPathDate? Boundary(int? precision, bool high) =>
        TemporalBoundary.FromDateDigits(precision ?? TemporalBoundary.DefaultDateDigits) is { } target and <= DateTimePrecision.Day
            ? new FhirPathDate(TemporalBoundary.Fill(_parts, target, high))
            : null;

    /// <summary>The date as written: "2015", "2015-02" or "2015-02-04".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(10);
        TemporalText.AppendDate(sb, _parts.Year, _parts.Month, _parts.Day);
        return sb.ToString();
    }

    public bool Equals(FhirPathDate? other) => other is not null && _parts == other._parts;

    public override bool Equals(object? obj) => Equals(obj as FhirPathDate);

    public override int GetHashCode() => _parts.GetHashCode();
}
