namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// precision(), lowBoundary() and highBoundary() for Date, DateTime and Time (FHIRPath 3.0, STU). A precision is
/// counted in digits as the value is written: YYYY-MM-DDThh:mm:ss.fff gives 4, 6, 8, 10, 12, 14 and 17 for a
/// date or date-time, hh:mm:ss.fff gives 2, 4, 6 and 9 for a time; other counts are not precisions.
/// </summary>
internal static class TemporalBoundary
{
    /// <summary>The boundary precision of a Date when none is asked for: the day.</summary>
    public const int DefaultDateDigits = 8;

    /// <summary>The boundary precision of a DateTime when none is asked for: the millisecond.</summary>
    public const int DefaultDateTimeDigits = 17;

    /// <summary>The boundary precision of a Time when none is asked for: the millisecond.</summary>
    public const int DefaultTimeDigits = 9;

    /// <summary>A local time in this offset is the earliest instant it can be (no offset is further east).</summary>
    public static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(14);

    /// <summary>A local time in this offset is the latest instant it can be, as the official suite has it.</summary>
    public static readonly TimeSpan LatestOffset = TimeSpan.FromHours(-12);

    public static int DateDigits(DateTimePrecision precision) => precision switch
    {
        DateTimePrecision.Year => 4,
        DateTimePrecision.Month => 6,
        DateTimePrecision.Day => 8,
        DateTimePrecision.Hour => 10,
        DateTimePrecision.Minute => 12,
        DateTimePrecision.Second => 14,
        _ => 17,
    };

    public static DateTimePrecision? FromDateDigits(int digits) => digits switch
    {
        4 => DateTimePrecision.Year,
        6 => DateTimePrecision.Month,
        8 => DateTimePrecision.Day,
        10 => DateTimePrecision.Hour,
        12 => DateTimePrecision.Minute,
        14 => DateTimePrecision.Second,
        17 => DateTimePrecision.Millisecond,
        _ => null,
    };

    /// <summary>The digits of a time's precision (hour and finer only).</summary>
    public static int TimeDigits(DateTimePrecision precision) => precision switch
    {
        DateTimePrecision.Hour => 2,
        DateTimePrecision.Minute => 4,
        DateTimePrecision.Second => 6,
        _ => 9,
    };

    public static DateTimePrecision? FromTimeDigits(int digits) => digits switch
    {
        2 => DateTimePrecision.Hour,
        4 => DateTimePrecision.Minute,
        6 => DateTimePrecision.Second,
        9 => DateTimePrecision.Millisecond,
        _ => null,
    };

    /// <summary>
    /// The parts to exactly <paramref name="target"/>: components finer than it dropped, missing ones up to it
    /// filled with their least value (month 1, day 1, 00:00:00.000) or, when <paramref name="high"/>, their
    /// greatest (month 12, the month's last day, 23:59:59.999). A fraction of a second is cut to milliseconds,
    /// or has its missing millisecond digits filled with 0 or 9 (.1 becomes .100 or .199).
    /// </summary>
    public static CalendarParts Fill(CalendarParts parts, DateTimePrecision target, bool high)
    {
        int? Part(DateTimePrecision level, int? value, int least, int greatest) =>
            target < level ? null : value ?? (high ? greatest : least);

        var month = Part(DateTimePrecision.Month, parts.Month, 1, 12);
        var day = Part(DateTimePrecision.Day, parts.Day, 1, month is { } m ? DateTime.DaysInMonth(parts.Year, m) : 1);
        var hour = Part(DateTimePrecision.Hour, parts.Hour, 0, 23);
        var minute = Part(DateTimePrecision.Minute, parts.Minute, 0, 59);
        var second = target < DateTimePrecision.Second ? null : (decimal?)Second(parts.Second, target == DateTimePrecision.Millisecond, high);
        return new CalendarParts(parts.Year, month, day, hour, minute, second);
    }

    private static decimal Second(decimal? second, bool milliseconds, bool high)
    {
        if (!milliseconds) return second is { } whole ? decimal.Truncate(whole) : high ? 59 : 0;
        if (second is not { } s) return high ? 59.999m : 0.000m;
        if (s.Scale >= 3) return Math.Round(s, 3, MidpointRounding.ToZero) + 0.000m;

        // Fewer than three fraction digits: the missing ones are all 0 or all 9. Adding 0.000 makes the scale 3.
        var unitOfLastDigit = new decimal(1, 0, 0, false, (byte)s.Scale);
        return s + (high ? unitOfLastDigit - 0.001m : 0.000m) + 0.000m;
    }
}
