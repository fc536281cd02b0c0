namespace SmartReasoning.Fhir.FhirPath;

/// <summary>The FHIRPath calendar duration keywords (year, month, ... millisecond), coarsest first.</summary>
internal enum CalendarUnit
{
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
}

/// <summary>Names of the calendar duration keywords and the UCUM definite durations they correspond to.</summary>
internal static class CalendarUnits
{
    /// <summary>The keyword, singular or plural, case-sensitive as FHIRPath keywords are.</summary>
    public static bool TryParse(string text, out CalendarUnit unit)
    {
        CalendarUnit? found = text switch
        {
            "year" or "years" => CalendarUnit.Year,
            "month" or "months" => CalendarUnit.Month,
            "week" or "weeks" => CalendarUnit.Week,
            "day" or "days" => CalendarUnit.Day,
            "hour" or "hours" => CalendarUnit.Hour,
            "minute" or "minutes" => CalendarUnit.Minute,
            "second" or "seconds" => CalendarUnit.Second,
            "millisecond" or "milliseconds" => CalendarUnit.Millisecond,
            _ => null,
        };
        unit = found.GetValueOrDefault();
        return found is not null;
    }

    /// <summary>
    /// The UCUM unit the keyword corresponds to. For week and finer they are the same duration (= in the spec's
    /// table); year and month only correspond to 'a' and 'mo' for equivalence (~), never for equality.
    /// </summary>
    public static string UcumCode(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Year => "a",
        CalendarUnit.Month => "mo",
        CalendarUnit.Week => "wk",
        CalendarUnit.Day => "d",
        CalendarUnit.Hour => "h",
        CalendarUnit.Minute => "min",
        CalendarUnit.Second => "s",
        _ => "ms",
    };

    /// <summary>Year and month have no fixed length; everything from week down does.</summary>
    public static bool IsVariableLength(CalendarUnit unit) => unit is CalendarUnit.Year or CalendarUnit.Month;

    /// <summary>The date/time precision a duration in this unit is applied at (weeks are applied as days).</summary>
    public static DateTimePrecision Level(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Year => DateTimePrecision.Year,
        CalendarUnit.Month => DateTimePrecision.Month,
        CalendarUnit.Week or CalendarUnit.Day => DateTimePrecision.Day,
        CalendarUnit.Hour => DateTimePrecision.Hour,
        CalendarUnit.Minute => DateTimePrecision.Minute,
        CalendarUnit.Second => DateTimePrecision.Second,
        _ => DateTimePrecision.Millisecond,
    };
}
