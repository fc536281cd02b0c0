using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath System.DateTime: a date and time known to any precision from the year to the millisecond, with
/// a timezone offset when a time is present. Immutable. <see cref="Equals(FhirPathDateTime?)"/> is structural
/// (same precision, components and offset); the FHIRPath operators are in <see cref="FhirPathTemporal"/>.
/// </summary>
public sealed class FhirPathDateTime : IEquatable<FhirPathDateTime>
{
    private readonly CalendarParts _parts;

    // Z and +00:00 are the same offset; remembering which was written lets ToString give the text back.
    private readonly bool _zulu;

    private FhirPathDateTime(CalendarParts parts, TimeSpan? offset, bool zulu)
    {
        _parts = parts;
        Offset = offset;
        _zulu = zulu && offset == TimeSpan.Zero;
    }

    public int Year => _parts.Year;

    public int? Month => _parts.Month;

    public int? Day => _parts.Day;

    public int? Hour => _parts.Hour;

    public int? Minute => _parts.Minute;

    /// <summary>The whole seconds.</summary>
    public int? Second => _parts.Second is { } s ? (int)decimal.Truncate(s) : null;

    /// <summary>The milliseconds, when the value has a fraction of a second.</summary>
    public int? Millisecond => _parts.Second is { Scale: > 0 } s ? (int)decimal.Truncate((s - decimal.Truncate(s)) * 1000) : null;

    public DateTimePrecision Precision => _parts.Precision;

    /// <summary>The timezone offset, or null when none was given (always null without a time).</summary>
    public TimeSpan? Offset { get; }

    internal CalendarParts Parts => _parts;

    /// <summary>
    /// Reads FHIR dateTime and instant text and FHIRPath literals without the '@': "2015", "2015-02-04",
    /// "2015-02-04T14", "2015-02-04T14:34:28.123+01:00", "2015-02-04T14:34:28Z", and the date-only literal
    /// forms with a trailing 'T' ("2015T", "2015-02T", "2015-02-04T"). A time needs a full date, and an offset
    /// needs a time. Never throws.
    /// </summary>
    public static bool TryParse(string? text, out FhirPathDateTime? value)
    {
        value = null;
        if (text is null) return false;
        var pos = 0;
        if (!TemporalText.TryReadDate(text, ref pos, out var year, out var month, out var day)) return false;
        var parts = new CalendarParts(year, month, day, null, null, null);
        if (pos == text.Length || (TemporalText.TrySkip(text, ref pos, 'T') && pos == text.Length))
        {
            value = new FhirPathDateTime(parts, null, false);
            return true;
        }

        if (text[pos - 1] != 'T' || day is null) return false;
        if (!TemporalText.TryReadTime(text, ref pos, out var hour, out var minute, out var second)) return false;
        parts = parts with { Hour = hour, Minute = minute, Second = second };
        TimeSpan? offset = null;
        var zulu = false;
        if (pos < text.Length)
        {
            if (!TemporalText.TryReadOffset(text, ref pos, out var o, out zulu) || pos != text.Length) return false;
            offset = o;
        }

        value = new FhirPathDateTime(parts, offset, zulu);
        return true;
    }

    /// <summary>A DateTime at the given precision (millisecond by default) with the value's offset, e.g. for now().</summary>
    public static FhirPathDateTime FromDateTimeOffset(DateTimeOffset value, DateTimePrecision precision = DateTimePrecision.Millisecond)
    {
        var second = precision switch
        {
            DateTimePrecision.Millisecond => value.Second + (value.Millisecond / 1000m) + 0.000m,
            DateTimePrecision.Second => value.Second,
            _ => (decimal?)null,
        };
        var parts = new CalendarParts(
            value.Year,
            precision >= DateTimePrecision.Month ? value.Month : null,
            precision >= DateTimePrecision.Day ? value.Day : null,
            precision >= DateTimePrecision.Hour ? value.Hour : null,
            precision >= DateTimePrecision.Minute ? value.Minute : null,
            second);
        return new FhirPathDateTime(parts, parts.HasTime ? value.Offset : null, zulu: false);
    }

    internal static FhirPathDateTime FromParts(CalendarParts parts, TimeSpan? offset, bool zulu) => new(parts, parts.HasTime ? offset : null, zulu);

    /// <summary>The explicit DateTime to Date conversion: the date components, the time and offset dropped.</summary>
    public FhirPathDate ToDate() => FhirPathDate.FromParts(_parts);

    /// <summary>
    /// Adds a time-valued quantity (§6.7) with calendar semantics: calendar keywords from year to millisecond,
    /// or the UCUM units equal to one ('wk', 'd', 'h', 'min', 's', 'ms'). The decimal part is ignored, and a
    /// duration finer than the value is converted to the value's precision dropping the remainder
    /// (@2014T + 25 months = @2016T). The offset is kept. Throws <see cref="FhirPathValueException"/> for other
    /// units ('a', 'mo', 'mg') and for years outside 1..9999.
    /// </summary>
    public FhirPathDateTime Add(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        try
        {
            var (unit, amount) = TemporalArithmetic.DurationOf(duration);
            var (level, steps) = TemporalArithmetic.ToStep(unit, amount, Precision);
            return new FhirPathDateTime(TemporalArithmetic.Add(_parts, level, steps), Offset, _zulu);
        }
        catch (OverflowException)
        {
            throw TemporalArithmetic.OutOfRange();
        }
    }

    public FhirPathDateTime Subtract(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        return Add(duration.Negate());
    }

    /// <summary>
    /// precision(): the digits the value is known to: 4, 6, 8 for a date, 10 (hour), 12 (minute), 14 (second),
    /// 17 with a fraction of a second (@2014-01-05T10:30:00.000 is 17).
    /// </summary>
    public int PrecisionDigits => TemporalBoundary.DateDigits(Precision);

    /// <summary>
    /// lowBoundary(): the earliest instant this value can be, to <paramref name="precision"/> digits (4, 6, 8,
    /// 10, 12, 14 or 17, by default 17). Missing components take their least value, and a value with a time but
    /// no offset takes +14:00: @2014-01-01T08.LowBoundary(17) is @2014-01-01T08:00:00.000+14:00. A coarser
    /// precision cuts the value (to 8 or fewer digits, the time and offset go). Null for other precisions.
    /// </summary>
    /// <remarks>
    /// FHIR has no hour-only dateTime, so, as the official suite reads it, T08 is 08:00 before being filled:
    /// its high boundary is 08:00:59.999, not 08:59:59.999.
    /// </remarks>
    public FhirPathDateTime? LowBoundary(int? precision = null) => Boundary(precision, high: false);

    /// <summary>
    /// highBoundary(): the latest instant this value can be, as <see cref="LowBoundary"/> but with the greatest
    /// components (month 12, the month's last day, 23:59:59.999) and -12:00 when there is no offset:
    /// @2014-01-01T08:05-05:00.HighBoundary(17) is @2014-01-01T08:05:59.999-05:00.
    /// </summary>
    public FhirPathDateTime? HighBoundary(int? precision = null) => Boundary(precision, high: true);

    private FhirPathDateTime? Boundary(int? precision, bool high)
    {
        if (TemporalBoundary.FromDateDigits(precision ?? TemporalBoundary.DefaultDateTimeDigits) is not { } target) return null;
        var parts = _parts is { Hour: not null, Minute: null } ? _parts with { Minute = 0 } : _parts;
        var offset = Offset ?? (high ? TemporalBoundary.LatestOffset : TemporalBoundary.EarliestOffset);
        return FromParts(TemporalBoundary.Fill(parts, target, high), offset, _zulu);
    }

    /// <summary>
    /// The value as FHIR and FHIRPath write it, to the same precision: "2015-02-04T14:34:28.123+01:00",
    /// "2015-02-04T14", and for a value without a time just the date ("2015-02"), as FHIR writes it; the
    /// literal's trailing 'T' is syntax, not part of the value.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder(29);
        TemporalText.AppendDate(sb, _parts.Year, _parts.Month, _parts.Day);
        if (_parts.Hour is not { } hour) return sb.ToString();
        sb.Append('T');
        TemporalText.AppendTime(sb, hour, _parts.Minute, _parts.Second);
        if (Offset is { } offset) TemporalText.AppendOffset(sb, offset, _zulu);
        return sb.ToString();
    }

    // Structural: decimal equality alone would make :31 and :31.0 the same, so the precision is compared too.
    public bool Equals(FhirPathDateTime? other) =>
        other is not null && _parts == other._parts && Precision == other.Precision && Offset == other.Offset;

    public override bool Equals(object? obj) => Equals(obj as FhirPathDateTime);

    public override int GetHashCode() => HashCode.Combine(_parts, Precision, Offset);
}
