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

    /// <summary>The draft orders of the trigger, as medication uses.</summary>
    public IEnumerable<MedicationUse> Drafts => Medications.Where(m => m.Draft is not null);

    /// <summary>Allergies still in force: an inactive, resolved or entered-in-error one is history, not a contraindication.</summary>
    public IEnumerable<AllergyFact> CurrentAllergies =>
        Context.Allergies.Where(a => a.ClinicalStatus is not ("inactive" or "resolved" or "entered-in-error"));

    /// <summary>
    /// The points of the series with one of the codes, converted to a common unit by each series' unit (the converter
    /// returns null for a unit it does not know, and that series is left out); ordered as <see cref="Points"/> orders them.
    /// </summary>
    public IReadOnlyList<SeriesPoint> PointsIn(IReadOnlyCollection<string> loincCodes, Func<string, double?> factorForUnit) =>
    [
        .. Context.Labs.Concat(Context.Vitals).Concat(Context.OtherObservations)
            .Where(s => s.Code.Code is { } code && loincCodes.Contains(code))
            .Select(s => (Series: s, Factor: factorForUnit(s.Unit)))
            .Where(x => x.Factor is not null)
            .SelectMany(x => x.Series.Points.Select(p => p with { Value = p.Value * x.Factor!.Value }))
            .OrderBy(p => p.Time)
            .ThenBy(p => p.Sources.Count > 0 ? p.Sources[0] : "", StringComparer.Ordinal),
    ];

    /// <summary>The latest coded result among the codes (e.g. pregnancy status), or null; ties broken by source.</summary>
    public CodedFinding? LatestFinding(IReadOnlyCollection<string> loincCodes) =>
        Context.Findings
            .Where(f => f.Code.Code is { } code && loincCodes.Contains(code))
            .OrderByDescending(f => f.Time)
            .ThenBy(f => f.Sources.Count > 0 ? f.Sources[0] : "", StringComparer.Ordinal)
            .FirstOrDefault();

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

    /// <summary>Hemoglobin in blood: mass concentration (718-7, calculated 20509-6, arterial 30313-1, venous 30350-3, mixed venous 30351-1) and molar (59260-0).</summary>
    public static readonly string[] Hemoglobin = ["718-7", "20509-6", "30313-1", "30350-3", "30351-1", "59260-0"];

    /// <summary>Left ventricular ejection fraction (10230-1 any method, 8806-2, 18043-0, 18047-1 by method).</summary>
    public static readonly string[] LeftVentricularEjectionFraction = ["10230-1", "8806-2", "18043-0", "18047-1"];

    /// <summary>Pregnancy status (82810-3) and its reported form (11449-6).</summary>
    public static readonly string[] PregnancyStatus = ["82810-3", "11449-6"];

    /// <summary>A pregnancy-status value that says pregnant ("Pregnant", SNOMED 77386006's display), not "Not pregnant" or "Possible pregnancy".</summary>
    public static readonly Regex PregnantValue = new(@"^(?!.*\b(?:not|non|unknown|possible|possibly)\b).*\bpregnan(?:t|cy)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>A pregnancy-status value that says not pregnant (SNOMED 60001007 "Not pregnant").</summary>
    public static readonly Regex NotPregnantValue = Words(@"not pregnant|non-?pregnant");

    /// <summary>
    /// A current pregnancy on the problem list: 77386006 Pregnancy (Patient currently pregnant), 72892002 Normal pregnancy,
    /// 47200007 High risk pregnancy, or a display naming a pregnancy that is not history, ectopic or ended.
    /// </summary>
    public static readonly ConditionDefinition Pregnancy = new("pregnancy", ["77386006", "72892002", "47200007"],
        new Regex(@"^(?!.*\b(?:history|ectopic|tubal|termination|terminated|loss|abortion|miscarriage|postpartum|puerper\w*|not pregnant)\b).*\bpregnan(?:t|cy)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled));

    /// <summary>Heart failure with reduced ejection fraction as coded (703272007) or named (systolic heart failure, HFrEF).</summary>
    public static readonly ConditionDefinition HeartFailureReducedEjectionFraction = new("heart failure with reduced ejection fraction",
        ["703272007"], Words("heart failure with reduced ejection fraction|HFrEF|systolic heart failure|systolic \\(congestive\\) heart failure"));

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
