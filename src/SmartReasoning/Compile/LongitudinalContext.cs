namespace SmartReasoning.Compile;

/// <summary>
/// A patient's whole story compiled from FHIR resources, as of one date: what a model reasons over. Every fact carries
/// <c>Sources</c>, the references ("Type/id") of the resources it came from, so a model's citations can be checked.
/// Holds no names or identifiers of the patient.
/// </summary>
public sealed record LongitudinalContext(
    DateTimeOffset AsOf,
    Demographics? Demographics,
    IReadOnlyList<Problem> Problems,
    IReadOnlyList<MedicationFact> Medications,
    IReadOnlyList<AllergyFact> Allergies,
    IReadOnlyList<ObservationSeries> Labs,
    IReadOnlyList<ObservationSeries> Vitals,
    IReadOnlyList<ObservationSeries> OtherObservations,
    IReadOnlyList<CodedFinding> Findings,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<ImmunizationFact> Immunizations,
    IReadOnlyList<MissingData> Missing,
    int ExcludedRecords);

/// <summary>A code with its system and the words a reader understands.</summary>
public sealed record ClinicalCode(string? System, string? Code, string Display)
{
    public override string ToString() => Code is null ? Display : $"{Display} ({Code})";
}

/// <summary>Age in whole years at the context's date (or at death, when its date is known), and administrative sex.</summary>
public sealed record Demographics(int? AgeYears, string? Sex, bool Deceased, DateTimeOffset? DeceasedOn, IReadOnlyList<string> Sources);

/// <summary>A condition on the problem list. <see cref="IsActive"/> follows the clinical status (active, recurrence, relapse).</summary>
public sealed record Problem(
    ClinicalCode Code, string? ClinicalStatus, bool IsActive, DateTimeOffset? Onset, DateTimeOffset? Abatement, IReadOnlyList<string> Sources);

/// <summary>An active medication from a MedicationRequest or MedicationStatement.</summary>
public sealed record MedicationFact(
    ClinicalCode Medication, string? Status, DateTimeOffset? Start, string? Dose, IReadOnlyList<string> Sources);

/// <summary>An allergy or intolerance.</summary>
public sealed record AllergyFact(
    ClinicalCode Substance, string? Criticality, string? ClinicalStatus, IReadOnlyList<string> Reactions, DateTimeOffset? Recorded, IReadOnlyList<string> Sources);

/// <summary>One measurement of a series, in the series' unit. <see cref="Flag"/> is H, L, HH, LL or A when abnormal.</summary>
public sealed record SeriesPoint(DateTimeOffset Time, double Value, string? Flag, IReadOnlyList<string> Sources);

/// <summary>What a model most needs about a series without reading every point.</summary>
public sealed record SeriesStatistics(
    SeriesPoint Latest, SeriesPoint? Previous, SeriesPoint Min, SeriesPoint Max, double? ChangePerYear, TimeSpan SinceLatest, int AbnormalCount);

/// <summary>
/// Measurements of one LOINC code (or other code) in one normalised unit, oldest first. Values in convertible units
/// (mg/dL and mmol/L of glucose, lb and kg, ...) are converted to <see cref="Unit"/> so they form one series.
/// </summary>
public sealed record ObservationSeries(
    ClinicalCode Code, string Unit, string Category, IReadOnlyList<SeriesPoint> Points, SeriesStatistics Statistics)
{
    /// <summary>The references of every point.</summary>
    public IEnumerable<string> Sources
    {
        get
        {
            foreach (var point in Points)
                foreach (var source in point.Sources) yield return source;
        }
    }
}

/// <summary>
/// The latest value of an observation that is not a number (smoking status, a coded or text result), with how many
/// times it was recorded. It cites the observation its value comes from.
/// </summary>
public sealed record CodedFinding(ClinicalCode Code, string Category, string Value, DateTimeOffset Time, int Count, IReadOnlyList<string> Sources);

/// <summary>An encounter or a procedure on the patient's timeline.</summary>
public sealed record TimelineEvent(
    string Kind, ClinicalCode What, string? Status, DateTimeOffset? Start, DateTimeOffset? End, IReadOnlyList<string> Sources);

/// <summary>An immunization given.</summary>
public sealed record ImmunizationFact(ClinicalCode Vaccine, DateTimeOffset? Date, IReadOnlyList<string> Sources);
