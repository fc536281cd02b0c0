using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// The instants a date value covers, from <see cref="Low"/> (inclusive) to <see cref="High"/> (exclusive): a date or
/// dateTime covers its whole unit of precision (2020 is all of 2020, 2020-03-01T10:00 a minute), a Period from the
/// start of its start to the end of its end. Open ends are <see cref="DateTimeOffset.MinValue"/> and
/// <see cref="DateTimeOffset.MaxValue"/>. A time without an offset is taken as UTC (the sandbox's zone).
/// </summary>
public readonly record struct DateRange(DateTimeOffset Low, DateTimeOffset High)
{
    public static DateRange Unbounded => new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>
    /// Parses a FHIR date, dateTime or instant, or a search date (which may stop at the hour or minute):
    /// YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh[:mm[:ss[.fff]]][Z|±hh:mm].
    /// </summary>
    public static bool TryParse(string? text, out DateRange range)
    {
        range = default;
        // FHIRPath's parser also takes a trailing 'T' and a leading '@', which are not FHIR dates.
        if (string.IsNullOrEmpty(text) || text[^1] == 'T' || text[0] == '@') return false;
        return FhirPathDateTime.TryParse(text, out var value) && value is not null && TryFrom(value, out range);
    }

    public static bool TryFrom(FhirPathDate date, out DateRange range) => TryFrom(date.ToDateTime(), out range);

    /// <summary>The range of a FHIRPath dateTime; false when it lies outside what DateTimeOffset holds (year 1 at +14:00).</summary>
    public static bool TryFrom(FhirPathDateTime value, out DateRange range)
    {
        try
        {
            range = Compute(value);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            range = default;
            return false;
        }
    }

    private static DateRange Compute(FhirPathDateTime value)
    {
        var offset = value.Offset ?? TimeSpan.Zero;
        var second = value.Second ?? 0;
        var low = new DateTimeOffset(value.Year, value.Month ?? 1, value.Day ?? 1, value.Hour ?? 0, value.Minute ?? 0, second, offset)
            .AddMilliseconds(value.Millisecond ?? 0);
        var high = value.Precision switch
        {
            DateTimePrecision.Year => Add(low, d => d.AddYears(1)),
            DateTimePrecision.Month => Add(low, d => d.AddMonths(1)),
            DateTimePrecision.Day => Add(low, d => d.AddDays(1)),
            DateTimePrecision.Hour => Add(low, d => d.AddHours(1)),
            DateTimePrecision.Minute => Add(low, d => d.AddMinutes(1)),
            DateTimePrecision.Second => Add(low, d => d.AddSeconds(1)),
            _ => Add(low, d => d.AddMilliseconds(1)),
        };
        return new DateRange(low, high);
    }

    /// <summary>Whether the two ranges share an instant.</summary>
    public bool Overlaps(DateRange other) => Low < other.High && other.Low < High;

    /// <summary>Whether this range holds all of <paramref name="other"/>.</summary>
    public bool Contains(DateRange other) => Low <= other.Low && other.High <= High;

    // Year 9999 has no next year: the range then runs to the end of time.
    private static DateTimeOffset Add(DateTimeOffset value, Func<DateTimeOffset, DateTimeOffset> step)
    {
        try { return step(value); }
        catch (ArgumentOutOfRangeException) { return DateTimeOffset.MaxValue; }
    }
}
