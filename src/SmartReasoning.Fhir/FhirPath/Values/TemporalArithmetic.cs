namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// Adding a time-valued quantity to a Date, DateTime or Time (FHIRPath N1 §6.7 Date/Time Arithmetic). The work is
/// in two steps: turn the quantity into a whole number of steps at one precision (<see cref="ToStep"/>), then
/// move the value by that many steps with calendar semantics.
/// </summary>
internal static class TemporalArithmetic
{
    private const decimal SecondsPerDay = 86400m;
    private static readonly int MaxDayNumber = DateOnly.MaxValue.DayNumber;
    private static readonly UcumMeaning Seconds = UcumUnits.Resolve("s")!;

    // The UCUM durations that are exactly a calendar unit, longest first.
    private static readonly (CalendarUnit Unit, Rational Seconds)[] DefiniteUnits =
    [
        (CalendarUnit.Week, UcumUnits.Resolve("wk")!.Factor), (CalendarUnit.Day, UcumUnits.Resolve("d")!.Factor),
        (CalendarUnit.Hour, UcumUnits.Resolve("h")!.Factor), (CalendarUnit.Minute, UcumUnits.Resolve("min")!.Factor),
        (CalendarUnit.Second, Rational.One), (CalendarUnit.Millisecond, UcumUnits.Resolve("ms")!.Factor),
    ];

    /// <summary>
    /// The unit and amount of a duration for date/time arithmetic. Calendar keywords are taken as they are. A UCUM
    /// duration is taken when it is the same length as a calendar unit ('wk', 'd', 'h', 'min', 's', 'ms': the
    /// ones §6.1.1 makes equal to week ... millisecond) or shorter than a second ('us' as milliseconds). 'a' and
    /// 'mo' (and any other definite duration) are errors: a Julian year of 365.25 days must never be silently
    /// used as a calendar year. This follows the official R4 suite (testPlusDate13-17, 21, 22), which is more
    /// lenient than §6.7's "definite-quantity duration above seconds ... error" for 'wk', 'd', 'h' and 'min'.
    /// </summary>
    public static (CalendarUnit Unit, decimal Amount) DurationOf(FhirPathQuantity duration)
    {
        if (duration.CalendarUnit is { } calendar) return (calendar, duration.Value);
        var meaning = UcumUnits.Resolve(duration.Unit);
        if (meaning is null || !meaning.Dimension.Equals(Seconds.Dimension))
        {
            throw new FhirPathValueException($"{duration} is not a time-valued quantity, so it cannot be added to a date or time");
        }

        foreach (var unit in DefiniteUnits)
        {
            if (Rational.Compare(meaning.Factor, unit.Seconds) == 0) return (unit.Unit, duration.Value);
        }

        if (Rational.Compare(meaning.Factor, Rational.One) < 0)
        {
            return (CalendarUnit.Millisecond, (Rational.FromDecimal(duration.Value) * meaning.Factor * Rational.Create(1000, 1)).ToDecimal());
        }

        throw new FhirPathValueException(
            $"{duration} is a definite duration with no calendar equivalent; date/time arithmetic needs a calendar duration such as 1 year or 2 months");
    }

    /// <summary>
    /// The duration as a whole number of steps at a precision the value has. The decimal part of the quantity is
    /// ignored (§6.7 says so above seconds; the official suite, testPlusDate19, applies it to seconds too:
    /// + 0.1 's' changes nothing). A quantity finer than the value is then converted to the value's precision,
    /// dropping the remainder (§6.7: @2014 + 23 months is @2015, @2016 + 365 days is @2017). For that
    /// conversion a year is 12 months or 365 days and a month 30 days, the lengths the spec's examples use.
    /// </summary>
    public static (DateTimePrecision Level, long Steps) ToStep(CalendarUnit unit, decimal amount, DateTimePrecision precision)
    {
        amount = decimal.Truncate(amount);
        if (unit == CalendarUnit.Week) amount *= 7;
        var level = CalendarUnits.Level(unit);
        if (level <= precision)
        {
            // Whole seconds on a value with milliseconds are applied as milliseconds, which is the same.
            return (level, ToLong(amount));
        }

        if (level == DateTimePrecision.Month) return (DateTimePrecision.Year, ToLong(amount / 12)); // only a year is coarser
        var milliseconds = amount * MillisecondsIn(level);
        var perStep = precision switch
        {
            DateTimePrecision.Year => 365 * MillisecondsIn(DateTimePrecision.Day),
            DateTimePrecision.Month => 30 * MillisecondsIn(DateTimePrecision.Day),
            _ => MillisecondsIn(precision),
        };
        return (precision, ToLong(milliseconds / perStep));
    }

    /// <summary>Moves a Date or DateTime by whole steps; day-of-month is clamped to the end of a shorter month.</summary>
    public static CalendarParts Add(CalendarParts value, DateTimePrecision level, long steps) => level switch
    {
        DateTimePrecision.Year when value.Month is null => value with { Year = CheckYear(checked(value.Year + steps)) },
        DateTimePrecision.Year => AddMonths(value, checked(steps * 12)),
        DateTimePrecision.Month => AddMonths(value, steps),
        _ => AddSeconds(value, steps * SecondsIn(level)),
    };

    /// <summary>Moves a time of day by whole steps, wrapping around midnight as a clock does.</summary>
    public static (int Hour, int? Minute, decimal? Second) AddToTime(int hour, int? minute, decimal? second, DateTimePrecision level, long steps)
    {
        var total = (hour * 3600m) + ((minute ?? 0) * 60m) + (second ?? 0m) + (steps * SecondsIn(level));
        var (_, secondOfDay) = SplitDays(total);
        var (h, mi, s) = SplitTime(secondOfDay);
        return (h, minute is null ? null : mi, second is null ? null : s);
    }

    private static CalendarParts AddMonths(CalendarParts value, long months)
    {
        var total = checked((value.Year * 12L) + (value.Month!.Value - 1) + months);
        var year = CheckYear(Math.DivRem(total, 12, out var rest) - (rest < 0 ? 1 : 0));
        var month = (int)(rest < 0 ? rest + 12 : rest) + 1;
        int? day = value.Day is { } d ? Math.Min(d, DateTime.DaysInMonth(year, month)) : null;
        return value with { Year = year, Month = month, Day = day };
    }

    private static CalendarParts AddSeconds(CalendarParts value, decimal seconds)
    {
        var dayNumber = new DateOnly(value.Year, value.Month!.Value, value.Day!.Value).DayNumber;
        var total = ((value.Hour ?? 0) * 3600m) + ((value.Minute ?? 0) * 60m) + (value.Second ?? 0m) + seconds;
        var (days, secondOfDay) = SplitDays(total);
        var newDay = dayNumber + days;
        if (newDay < 0 || newDay > MaxDayNumber) throw OutOfRange();
        var date = DateOnly.FromDayNumber((int)newDay);
        var (h, mi, s) = SplitTime(secondOfDay);
        return new CalendarParts(
            date.Year, date.Month, date.Day,
            value.Hour is null ? null : h, value.Minute is null ? null : mi, value.Second is null ? null : s);
    }

    // Whole days and the (non-negative) seconds into the last one. Decimal division can round at the edge of a
    // day, so the remainder is put back into [0, 86400) afterwards.
    private static (decimal Days, decimal SecondOfDay) SplitDays(decimal totalSeconds)
    {
        var days = decimal.Floor(totalSeconds / SecondsPerDay);
        var rest = totalSeconds - (days * SecondsPerDay);
        if (rest < 0)
        {
            rest += SecondsPerDay;
            days--;
        }
        else if (rest >= SecondsPerDay)
        {
            rest -= SecondsPerDay;
            days++;
        }

        return (days, rest);
    }

    // Hours and minutes from the whole seconds; the seconds keep the fraction and its scale (28.100 stays 3 digits).
    private static (int Hour, int Minute, decimal Second) SplitTime(decimal secondOfDay)
    {
        var whole = (int)decimal.Floor(secondOfDay);
        var hour = whole / 3600;
        var minute = whole % 3600 / 60;
        return (hour, minute, secondOfDay - (hour * 3600) - (minute * 60));
    }

    private static decimal SecondsIn(DateTimePrecision level) => level switch
    {
        DateTimePrecision.Day => SecondsPerDay,
        DateTimePrecision.Hour => 3600m,
        DateTimePrecision.Minute => 60m,
        DateTimePrecision.Second => 1m,
        _ => 0.001m,
    };

    private static decimal MillisecondsIn(DateTimePrecision level) => SecondsIn(level) * 1000;

    private static long ToLong(decimal value)
    {
        var truncated = decimal.Truncate(value);
        return truncated is >= long.MinValue and <= long.MaxValue ? (long)truncated : throw OutOfRange();
    }

    private static int CheckYear(long year) => year is >= 1 and <= 9999 ? (int)year : throw OutOfRange();

    public static FhirPathValueException OutOfRange() => new("The result of the date/time arithmetic is outside the years 0001 to 9999");
}
