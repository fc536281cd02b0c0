namespace SmartReasoning.Reason;

/// <summary>
/// The CodeSystem of finding kinds (https://smartreasoning.dev/fhir/CodeSystem/finding-kind). Kinds are coarse so a
/// model and the guideline reasoner can agree on them and findings can be de-duplicated across reasoners.
/// </summary>
public static class FindingKinds
{
    public const string System = "https://smartreasoning.dev/fhir/CodeSystem/finding-kind";

    public static readonly FindingKind DrugRenal = new("drug-renal", "Drug inappropriate for the kidney function");
    public static readonly FindingKind DrugInteraction = new("drug-interaction", "Drug-drug interaction");
    public static readonly FindingKind DrugLab = new("drug-lab", "Drug with a dangerous laboratory value");
    public static readonly FindingKind UndocumentedCondition = new("undocumented-condition", "Condition shown by results but absent from the problem list");
    public static readonly FindingKind AboveTarget = new("above-target", "Disease above its treatment target");
    public static readonly FindingKind OverdueMonitoring = new("overdue-monitoring", "Monitoring test overdue");
    public static readonly FindingKind MissingTherapy = new("missing-therapy", "Indicated therapy not prescribed");
    public static readonly FindingKind DrugAllergy = new("drug-allergy", "Drug order conflicting with a recorded allergy");
    public static readonly FindingKind DrugPregnancy = new("drug-pregnancy", "Drug harmful in pregnancy ordered for a pregnant patient");
    public static readonly FindingKind DuplicateTherapy = new("duplicate-therapy", "Duplicate therapy within a drug class");
    public static readonly FindingKind LabTrend = new("lab-trend", "Worsening laboratory trend");
    public static readonly FindingKind PotentiallyInappropriate = new("potentially-inappropriate", "Potentially inappropriate medication in an older adult");

    /// <summary>Every kind, in code order.</summary>
    public static IReadOnlyList<FindingKind> All { get; } =
        [.. new[]
            {
                DrugRenal, DrugInteraction, DrugLab, UndocumentedCondition, AboveTarget, OverdueMonitoring, MissingTherapy,
                DrugAllergy, DrugPregnancy, DuplicateTherapy, LabTrend, PotentiallyInappropriate,
            }
            .OrderBy(k => k.Code, StringComparer.Ordinal)];

    public static FindingKind? FromCode(string? code) => All.FirstOrDefault(k => k.Code == code);
}
