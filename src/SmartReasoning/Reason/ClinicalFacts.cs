using System.Text.RegularExpressions;
using SmartReasoning.Compile;

namespace SmartReasoning.Reason;

/// <summary>A drug the patient takes or is about to take: an active medication, or a draft order (<see cref="Draft"/> set).</summary>
internal sealed record MedicationUse(ClinicalCode Medication, IReadOnlyList<string> Sources, DraftOrder? Draft)
{
    public string Name => Medication.Display;
}

/// <summary>A condition recognised by SNOMED CT codes or, failing those, by whole words of the coding's display.</summary>
internal sealed record ConditionDefinition(string Name, IReadOnlyList<string> SnomedCodes, Regex? DisplayPattern = null)
{
    public bool Matches(ClinicalCode code) =>
        (code.Code is { } c && SnomedCodes.Contains(c)) || (DisplayPattern?.IsMatch(code.Display) ?? false);
}

/// <summary>The facts of one request, read the way the rules need them; every list keeps the context's order.</summary>
internal sealed class ClinicalFacts(ReasoningRequest request)
{
    public LongitudinalContext Context { get; } = request.Context;

    public DateTimeOffset AsOf => Context.AsOf;

    public IReadOnlyList<MedicationUse> Medications { get; } =
    [
        .. request.Context.Medications.Select(m => new MedicationUse(m.Medication, m.Sources, null)),
        .. request.Trigger.DraftOrders.Select(d => new MedicationUse(d.Medication, [d.Reference], d)),
    ];

    public IEnumerable<MedicationUse> MedicationsOf(MedicationClass medicationClass) => Medications.Where(m => medicationClass.Matches(m.Medication));

    public IEnumerable<MedicationUse> MedicationsOf(IEnumerable<MedicationClass> classes) =>
        Medications.Where(m => classes.Any(c => c.Matches(m.Medication)));

    public IEnumerable<Problem> ActiveProblems(ConditionDefinition condition) => Context.Problems.Where(p => p.IsActive && condition.Matches(p.Code));

    public IEnumerable<Problem> AnyProblems(ConditionDefinition condition) => Context.Problems.Where(p => condition.Matches(p.Code));

    /// <summary>
    /// The points of every series with one of the codes (several LOINC codes measure one thing, e.g. eGFR by MDRD and
    /// CKD-EPI), oldest first; ties broken by source so the order never depends on the input's.
    /// </summary>
    public IReadOnlyList<SeriesPoint> Points(IReadOnlyCollection<string> loincCodes) =>
    [
        .. Context.Labs.Concat(Context.Vitals).Concat(Context.OtherObservations)
            .Where(s => s.Code.Code is { } code && loincCodes.Contains(code))
            .SelectMany(s => s.Points)
            .OrderBy(p => p.Time)
            .ThenBy(p => p.Sources.Count > 0 ? p.Sources[0] : "", StringComparer.Ordinal),
    ];
}

/// <summary>The codes the rules read.</summary>
internal static class ClinicalTerms
{
    private static Regex Words(string pattern) =>
        new(@"\b(?:" + pattern + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly string[] Egfr = ["33914-3", "48642-3", "48643-3", "62238-1", "98979-8", "50044-7", "50210-4", "69405-9", "77147-7", "88293-6", "88294-4"];
    public static readonly string[] Potassium = ["2823-3", "6298-4"];
    public static readonly string[] HbA1c = ["4548-4", "17856-6", "4549-2"];
    public static readonly string[] Ldl = ["13457-7", "18262-6", "2089-1"];
    public static readonly string[] Systolic = ["8480-6"];
    public static readonly string[] Diastolic = ["8462-4"];

    public static readonly ConditionDefinition Diabetes = new("diabetes mellitus",
        ["44054006", "46635009", "73211009", "127013003", "230572002", "313436004", "190331003"], Words("diabetes mellitus|type [12] diabetes"));

    public static readonly ConditionDefinition ChronicKidneyDisease = new("chronic kidney disease",
        ["709044004", "431855005", "431856006", "433144002", "700378005", "700379002", "431857002", "433146000", "46177005", "127013003"],
        Words("chronic kidney disease|end[- ]stage renal disease|diabetic kidney disease|CKD"));

    public static readonly ConditionDefinition AtrialFibrillation = new("atrial fibrillation",
        ["49436004", "440028005", "282825002", "762247006", "706923002"], Words("atrial fibrillation"));

    public static readonly ConditionDefinition Hypertension = new("hypertension",
        ["38341003", "59621000", "1201005", "31992008"], Words("hypertension"));

    public static readonly ConditionDefinition HeartFailure = new("heart failure",
        ["84114007", "703272007", "10633002", "42343007", "88805009", "446221000"], Words("heart failure"));

    public static readonly ConditionDefinition StrokeOrThromboembolism = new("stroke, TIA or thromboembolism",
        ["230690007", "266257000", "422504002", "432504007", "371041009", "195189003"],
        Words("stroke|transient ischemic attack|transient ischaemic attack|cerebral infarction|systemic embolism"));

    /// <summary>Clinical ASCVD: coronary disease, myocardial infarction, stroke or TIA, peripheral artery disease.</summary>
    public static readonly ConditionDefinition Ascvd = new("atherosclerotic cardiovascular disease",
        ["53741008", "22298006", "399211009", "414545008", "194828000", "230690007", "266257000", "422504002", "399957001", "840580004"],
        Words("coronary arteriosclerosis|coronary artery disease|myocardial infarction|ischemic heart disease|ischaemic heart disease|angina|stroke|transient ischemic attack|peripheral arterial disease|peripheral artery disease"));

    /// <summary>Vascular disease in CHA2DS2-VASc: prior MI, peripheral artery disease, aortic plaque (coronary disease counted too).</summary>
    public static readonly ConditionDefinition VascularDisease = new("vascular disease",
        ["53741008", "22298006", "399211009", "414545008", "399957001", "840580004"],
        Words("coronary arteriosclerosis|coronary artery disease|myocardial infarction|peripheral arterial disease|peripheral artery disease"));
}
