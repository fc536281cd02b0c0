namespace SmartReasoning.Fhir.FhirPath;

/// <summary>
/// How much of a Date, DateTime or Time value is known. Declared coarsest first so that precisions can be
/// ordered: a finer precision is the greater value.
/// </summary>
public enum DateTimePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
}
