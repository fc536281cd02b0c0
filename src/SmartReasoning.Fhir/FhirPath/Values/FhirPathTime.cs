using System.Text;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The FHIRPath System.Time: a time of day to the hour, minute, second or millisecond, with no timezone.
/// Immutable; <see cref="Equals(FhirPathTime?)"/> is structural, the operators are in <see cref="FhirPathTemporal"/>.
/// </summary>
public sealed class FhirPathTime : IEquatable<FhirPathTime>
{
    private readonly decimal? _second;

    private FhirPathTime(int hour, int? minute, decimal? second)
    {
        Hour = hour;
        Minute = minute;
        _second = second;
    }

    public int Hour { get; }

    public int? Minute { get; }

    /// <summary>The whole seconds.</summary>
    public int? Second => _second is { } s ? (int)decimal.Truncate(s) : null;

    /// <summary>The milliseconds, when the value has a fraction of a second.</summary>
    public int? Millisecond => _second is { Scale: > 0 } s ? (int)decimal.Truncate((s - decimal.Truncate(s)) * 1000) : null;

    /// <summary>Hour, Minute, Second or Millisecond.</summary>
    public DateTimePrecision Precision => CalendarParts.PrecisionOf(1, 1, Hour, Minute, _second);

    internal decimal?[] Keys() => [Hour, Minute, _second];

    /// <summary>
    /// Reads "hh", "hh:mm", "hh:mm:ss" or "hh:mm:ss.fff" (a literal without its '@T', or a FHIR time). No timezone:
    /// the FHIRPath Time literal has none. Never throws.
    /// </summary>
    public static bool TryParse(string? text, out FhirPathTime? value)
    {
        value = null;
        if (text is null) return false;
        var pos = 0;
        if (!TemporalText.TryReadTime(text, ref pos, out var hour, out var minute, out var second) || pos != text.Length) return false;
        value = new FhirPathTime(hour, minute, second);
        return true;
    }

    /// <summary>A time to the millisecond.</summary>
    public static FhirPathTime FromTimeOnly(TimeOnly time) =>
        new(time.Hour, time.Minute, time.Second + (time.Millisecond / 1000m) + 0.000m);

    /// <summary>
    /// Adds hours, minutes, seconds or milliseconds (calendar keywords, or 'h', 'min', 's', 'ms'), wrapping
    /// around midnight as a clock does. The decimal part is ignored, and a duration finer than the value is
    /// converted to its precision first, dropping the remainder (§6.7). Throws <see cref="FhirPathValueException"/>
    /// for any other unit: §6.7 allows no days or longer on a Time.
    /// </summary>
    public FhirPathTime Add(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        try
        {
            var (unit, amount) = TemporalArithmetic.DurationOf(duration);
            if (unit < CalendarUnit.Hour) throw new FhirPathValueException($"{duration} cannot be added to a Time: only hours, minutes, seconds and milliseconds can");
            var (level, steps) = TemporalArithmetic.ToStep(unit, amount, Precision);
            var (h, mi, s) = TemporalArithmetic.AddToTime(Hour, Minute, _second, level, steps);
            return new FhirPathTime(h, mi, s);
        }
        catch (OverflowException)
        {
            throw new FhirPathValueException($"{duration} is too large to add to a Time");
        }
    }

    public FhirPathTime Subtract(FhirPathQuantity duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        return Add(duration.Negate());
    }

    /// <summary>precision(): the digits the time is known to, 2 (@T10), 4 (@T10:30), 6 (@T10:30:00) or 9 (@T10:30:00.000).</summary>
    public int PrecisionDigits => TemporalBoundary.TimeDigits(Precision);

    /// <summary>
    /// lowBoundary(): the earliest time this one can be, to <paramref name="precision"/> digits (2, 4, 6 or 9, by
    /// default 9), missing components being 0: @T10:30.LowBoundary(9) is @T10:30:00.000. A coarser precision
    /// cuts the time. Null for other precisions.
    /// </summary>
    public FhirPathTime? LowBoundary(int? precision = null) => Boundary(precision, high: false);

    /// <summary>
    /// highBoundary(): the latest time this one can be, as <see cref="LowBoundary"/> with the greatest components:
    /// @T10:30.HighBoundary(9) is @T10:30:59.999, @T10.HighBoundary(9) is @T10:59:59.999.
    /// </summary>
    public FhirPathTime? HighBoundary(int? precision = null) => Boundary(precision, high: true);

    private FhirPathTime? Boundary(int? precision, bool high)
    {
        if (TemporalBoundary.FromTimeDigits(precision ?? TemporalBoundary.DefaultTimeDigits) is not { } target) return null;
        // A time fills like the time of a date-time; the date here is a placeholder.
        var parts = TemporalBoundary.Fill(new CalendarParts(1, 1, 1, Hour, Minute, _second), target, high);
        return new FhirPathTime(Hour, parts.Minute, parts.Second);
    }

    /// <summary>The time as written, without the 'T': "14", "14:30", "14:30:05.120".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(12);
        TemporalText.AppendTime(sb, Hour, Minute, _second);
        return sb.ToString();
    }

    // Structural: 10:30:00 and 10:30:00.0 are different values here (different precision) though '=' holds for them.
    public bool Equals(FhirPathTime? other) =>
        other is not null && Hour == other.Hour && Minute == other.Minute && _second == other._second && Precision == other.Precision;

    public override bool Equals(object? obj) => Equals(obj as FhirPathTime);

    public override int GetHashCode() => HashCode.Combine(Hour, Minute, _second, Precision);
}
