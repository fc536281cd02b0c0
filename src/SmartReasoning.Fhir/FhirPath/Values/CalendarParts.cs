namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// The components of a Date or DateTime as written, coarsest first; only trailing components may be absent.
/// Seconds are one decimal with the fraction, so 31 and 31.0 differ in precision but not in value, as FHIRPath
/// wants for seconds and milliseconds.
/// </summary>
internal readonly record struct CalendarParts(int Year, int? Month, int? Day, int? Hour, int? Minute, decimal? Second)
{
    public DateTimePrecision Precision => PrecisionOf(Month, Day, Hour, Minute, Second);

    public bool HasTime => Hour is not null;

    /// <summary>The components in the order comparisons walk them (absent ones null).</summary>
    public decimal?[] Keys() => [Year, Month, Day, Hour, Minute, Second];

    public static DateTimePrecision PrecisionOf(int? month, int? day, int? hour, int? minute, decimal? second) =>
        second is { } s ? (s.Scale > 0 ? DateTimePrecision.Millisecond : DateTimePrecision.Second)
        : minute is not null ? DateTimePrecision.Minute
        : hour is not null ? DateTimePrecision.Hour
        : day is not null ? DateTimePrecision.Day
        : month is not null ? DateTimePrecision.Month
        : DateTimePrecision.Year;
}
