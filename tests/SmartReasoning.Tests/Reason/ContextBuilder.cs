using SmartReasoning.Compile;
using SmartReasoning.Reason;

namespace SmartReasoning.Tests.Reason;

/// <summary>A hand-made compiled context: one fact at a time, each with a predictable source reference.</summary>
internal sealed class ContextBuilder
{
    public static readonly DateTimeOffset AsOf = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<Problem> _problems = [];
    private readonly List<MedicationFact> _medications = [];
    private readonly List<ObservationSeries> _labs = [];
    private readonly List<ObservationSeries> _vitals = [];
    private readonly List<AllergyFact> _allergies = [];
    private readonly List<CodedFinding> _findings = [];
    private Demographics? _demographics = new(60, "male", false, null, ["Patient/p1"]);
    private int _next;

    public ContextBuilder Patient(int age, string sex)
    {
        _demographics = new Demographics(age, sex, false, null, ["Patient/p1"]);
        return this;
    }

    public ContextBuilder Problem(string snomed, string display, bool active = true, string? id = null, int? onsetDaysAgo = null)
    {
        var onset = onsetDaysAgo is { } days ? AsOf.AddDays(-days) : AsOf.AddYears(-3);
        _problems.Add(new Problem(new ClinicalCode("http://snomed.info/sct", snomed, display), active ? "active" : "resolved", active,
            onset, active ? null : AsOf.AddYears(-1), [$"Condition/{id ?? "c" + ++_next}"]));
        return this;
    }

    /// <summary>An active pregnancy on the problem list (72892002 Normal pregnancy) that began the given days ago.</summary>
    public ContextBuilder Pregnant(int sinceDaysAgo = 120) => Problem("72892002", "Normal pregnancy", id: "pregnancy", onsetDaysAgo: sinceDaysAgo);

    /// <summary>A pregnancy-status result (82810-3) such as "Pregnant" or "Not pregnant", citing Observation/{id}.</summary>
    public ContextBuilder PregnancyStatus(string value, int daysAgo, string id = "pregnancy-status")
    {
        _findings.Add(new CodedFinding(new ClinicalCode("http://loinc.org", "82810-3", "Pregnancy status"), "social-history", value,
            AsOf.AddDays(-daysAgo), 1, [$"Observation/{id}"]));
        return this;
    }

    public ContextBuilder HeartFailure(string snomed = "88805009", string display = "Chronic congestive heart failure") =>
        Problem(snomed, display, id: "hf");

    /// <summary>An allergy to a substance (RxNorm by default), citing AllergyIntolerance/{id}.</summary>
    public ContextBuilder Allergy(string code, string display, string id = "allergy", string? system = CodeSystemUrls.RxNorm,
        string? criticality = "high", string? clinicalStatus = "active", params string[] reactions)
    {
        _allergies.Add(new AllergyFact(new ClinicalCode(system, code, display), criticality, clinicalStatus, reactions, AsOf.AddYears(-5),
            [$"AllergyIntolerance/{id}"]));
        return this;
    }

    public ContextBuilder PenicillinAllergy(string? criticality = "high", string? clinicalStatus = "active") =>
        Allergy("7984", "Penicillin V", "penicillin", criticality: criticality, clinicalStatus: clinicalStatus, reactions: "Anaphylaxis (severe)");

    /// <summary>A draft order for the trigger, cited as MedicationRequest/{id}.</summary>
    public static DraftOrder Draft(string rxnorm, string display, string id = "draft") =>
        new($"MedicationRequest/{id}", new ClinicalCode(CodeSystemUrls.RxNorm, rxnorm, display));

    public ContextBuilder Diabetes() => Problem("44054006", "Diabetes mellitus type 2", id: "diabetes");
    public ContextBuilder Hypertension() => Problem("59621000", "Essential hypertension", id: "hypertension");
    public ContextBuilder AtrialFibrillation() => Problem("49436004", "Atrial fibrillation", id: "af");

    public ContextBuilder Medication(string rxnorm, string display, string? id = null, string? system = CodeSystemUrls.RxNorm)
    {
        _medications.Add(new MedicationFact(new ClinicalCode(system, rxnorm, display), "active", AsOf.AddYears(-1), null,
            [$"MedicationRequest/{id ?? "m" + ++_next}"]));
        return this;
    }

    public ContextBuilder Metformin() => Medication("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet", "metformin");
    public ContextBuilder Warfarin() => Medication("855332", "warfarin sodium 5 MG Oral Tablet", "warfarin");
    public ContextBuilder Lisinopril() => Medication("314076", "lisinopril 10 MG Oral Tablet", "lisinopril");
    public ContextBuilder Atorvastatin() => Medication("617312", "atorvastatin 10 MG Oral Tablet", "atorvastatin");

    /// <summary>A lab series; each point is (days before <see cref="AsOf"/>, value) and cites Observation/{prefix}-{index}.</summary>
    public ContextBuilder Lab(string loinc, string unit, params (int DaysAgo, double Value)[] points)
    {
        _labs.Add(Series(loinc, unit, "laboratory", points));
        return this;
    }

    public ContextBuilder Vital(string loinc, string unit, params (int DaysAgo, double Value)[] points)
    {
        _vitals.Add(Series(loinc, unit, "vital-signs", points));
        return this;
    }

    public ContextBuilder Egfr(params (int DaysAgo, double Value)[] points) => Lab("33914-3", "mL/min/1.73m2", points);

    public ContextBuilder Hemoglobin(params (int DaysAgo, double Value)[] points) => Lab("718-7", "g/dL", points);

    public ContextBuilder Lvef(params (int DaysAgo, double Value)[] points) => Lab("10230-1", "%", points);

    private static ObservationSeries Series(string loinc, string unit, string category, (int DaysAgo, double Value)[] values)
    {
        var points = values.OrderByDescending(v => v.DaysAgo)
            .Select(v => new SeriesPoint(AsOf.AddDays(-v.DaysAgo), v.Value, null, [$"Observation/{loinc}-{v.DaysAgo}"]))
            .ToList();
        var latest = points[^1];
        var statistics = new SeriesStatistics(latest, points.Count > 1 ? points[^2] : null,
            points.MinBy(p => p.Value)!, points.MaxBy(p => p.Value)!, null, AsOf - latest.Time, 0);
        return new ObservationSeries(new ClinicalCode("http://loinc.org", loinc, loinc), unit, category, points, statistics);
    }

    public LongitudinalContext Build() =>
        new(AsOf, _demographics, _problems, _medications, _allergies, _labs, _vitals, [], _findings, [], [], [], 0);

    public IReadOnlyList<Finding> Reason(ReasoningTrigger? trigger = null) =>
        GuidelineReasoner.Reason(new ReasoningRequest(Build(), trigger ?? ReasoningTrigger.PatientView)).Findings;
}
