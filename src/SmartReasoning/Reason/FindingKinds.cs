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

    /// <summary>Every kind, in code order.</summary>
    public static IReadOnlyList<FindingKind> All { get; } =
        [.. new[] { DrugRenal, DrugInteraction, DrugLab, UndocumentedCondition, AboveTarget, OverdueMonitoring, MissingTherapy }
            .OrderBy(k => k.Code, StringComparer.Ordinal)];

    public static FindingKind? FromCode(string? code) => All.FirstOrDefault(k => k.Code == code);
}
