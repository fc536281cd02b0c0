using SmartReasoning.Compile;
using static SmartReasoning.Reason.RuleText;

namespace SmartReasoning.Reason;

/// <summary>
/// The rules and their thresholds. Each threshold is a named constant beside the rule that uses it, so a reviewer checks
/// it against the cited guideline in one place. The order-safety rules live in GuidelineRules.Orders.cs and the chronic
/// care rules added with them in GuidelineRules.Chronic.cs; every rule is listed here.
/// </summary>
internal static partial class GuidelineRules
{
    public static IReadOnlyList<GuidelineRule> All { get; } =
    [
        new("metformin-egfr", Guidelines.FdaMetforminRenal, MetforminWithLowEgfr),
        new("anticoagulant-bleeding", Guidelines.AccAhaAtrialFibrillation2023, AnticoagulantWithNsaidOrAntiplatelet),
        new("raas-hyperkalemia", Guidelines.Kdigo2024Ckd, PotassiumRaisingDrugWithHyperkalemia),
        new("ckd-not-on-problem-list", Guidelines.Kdigo2024Ckd, CkdNotOnProblemList),
        new("hba1c-above-goal", Guidelines.AdaGlycemicGoals2025, HbA1cAboveGoalOrRising),
        new("hba1c-overdue", Guidelines.AdaGlycemicGoals2025, HbA1cOverdue),
        new("af-no-anticoagulant", Guidelines.AccAhaAtrialFibrillation2023, AtrialFibrillationWithoutAnticoagulant),
        new("statin-indicated", Guidelines.AhaAccCholesterol2018, StatinIndicatedButNone),
        new("bp-above-target", Guidelines.AccAhaBloodPressure2017, BloodPressureAboveTarget),
        new("qt-prolonging-combination", Guidelines.CredibleMedsQtDrugs, QtProlongingCombination),
        new("drug-allergy", Guidelines.DrugAllergyPracticeParameter2022, DraftConflictingWithAllergy),
        new("teratogen-in-pregnancy", Guidelines.FdaPregnancyLabeling, TeratogenicDraftInPregnancy),
        new("duplicate-therapy", Guidelines.AshpPreventingMedicationErrors2018, DuplicateTherapy),
        new("hemoglobin-falling", Guidelines.IsthMajorBleeding2005, FallingHemoglobin),
        new("hfref-without-gdmt", Guidelines.AhaAccHfsaHeartFailure2022, HfrefWithoutGuidelineDirectedTherapy),
        new("beers-criteria", Guidelines.AgsBeers2023, BeersCriteriaDrug),
    ];

    private static Finding Make(GuidelineRule rule, FindingKind kind, string title, Severity severity, string rationale,
        IReadOnlyList<string> evidence, IReadOnlyList<SuggestedAction> actions, double confidence) =>
        Make(rule.Source, kind, title, severity, rationale, evidence, actions, confidence);

    /// <summary>A finding resting on another source than its rule's (one rule, two guidelines: e.g. a fall versus a decline).</summary>
    private static Finding Make(GuidelineSource source, FindingKind kind, string title, Severity severity, string rationale,
        IReadOnlyList<string> evidence, IReadOnlyList<SuggestedAction> actions, double confidence) =>
        new(kind, Title(title), severity, rationale, evidence, actions, source, confidence, GuidelineReasoner.Name);

    private static IReadOnlyList<SuggestedAction> CancelDrafts(IEnumerable<MedicationUse> uses, string why) =>
        [.. uses.Where(u => u.Draft is not null).Select(u => SuggestedAction.CancelDraft(u.Draft!, $"Cancel the draft order of {u.Name}: {why}"))];

    // (a) Metformin: contraindicated below eGFR 30; below 45 the dose and benefit are reviewed (FDA 2016).
    internal const double MetforminContraindicatedBelow = 30;
    internal const double MetforminReviewBelow = 45;

    private static IEnumerable<Finding> MetforminWithLowEgfr(ClinicalFacts facts, GuidelineRule rule)
    {
        var metformin = facts.MedicationsOf(MedicationClasses.Metformin).ToList();
        var egfr = facts.Points(ClinicalTerms.Egfr);
        if (metformin.Count == 0 || egfr.Count == 0) yield break;
        var latest = egfr[^1];
        if (latest.Value >= MetforminReviewBelow) yield break;

        var critical = latest.Value < MetforminContraindicatedBelow;
        var value = Number(latest.Value, 0);
        var evidence = Evidence([.. metformin.SelectMany(m => m.Sources)], latest.Sources);
        yield return critical
            ? Make(rule, FindingKinds.DrugRenal, $"Metformin is contraindicated: eGFR {value} mL/min/1.73m2 is below 30", Severity.Critical,
                $"The latest eGFR is **{value} mL/min/1.73m2** ({Date(latest.Time)}) while metformin is prescribed. " +
                "Metformin is contraindicated below an eGFR of 30 because of the risk of lactic acidosis; stop it and choose another agent.",
                evidence, CancelDrafts(metformin, "contraindicated at this eGFR"), 0.95)
            : Make(rule, FindingKinds.DrugRenal, $"Review the metformin dose: eGFR {value} mL/min/1.73m2 is between 30 and 45", Severity.Warning,
                $"The latest eGFR is **{value} mL/min/1.73m2** ({Date(latest.Time)}) while metformin is prescribed. " +
                "Starting metformin at an eGFR of 30 to 45 is not recommended; in a patient already taking it, weigh benefit against risk " +
                "and consider a reduced dose (at most 1,000 mg a day). Check eGFR at least every 3 to 6 months.",
                evidence, CancelDrafts(metformin, "not recommended to start at this eGFR"), 0.9);
    }

    // (b) Bleeding: an anticoagulant with an NSAID (avoid) or an antiplatelet (only with a clear indication).
    private static IEnumerable<Finding> AnticoagulantWithNsaidOrAntiplatelet(ClinicalFacts facts, GuidelineRule rule)
    {
        var anticoagulants = facts.MedicationsOf(MedicationClasses.Anticoagulants).ToList();
        if (anticoagulants.Count == 0) yield break;
        var names = string.Join(" and ", anticoagulants.Select(a => a.Name).Distinct(StringComparer.Ordinal));

        foreach (var (partnerClass, severity) in new[] { (MedicationClasses.Nsaids, Severity.Critical), (MedicationClasses.Antiplatelets, Severity.Warning) })
        {
            foreach (var partner in facts.MedicationsOf(partnerClass))
            {
                var involved = anticoagulants.Append(partner).ToList();
                var why = partnerClass == MedicationClasses.Nsaids
                    ? "An NSAID with an anticoagulant markedly raises the risk of gastrointestinal and other major bleeding and should be avoided; " +
                      "prefer acetaminophen or topical therapy for pain."
                    : "An antiplatelet with an anticoagulant raises the risk of major bleeding; continue both only with a clear indication " +
                      "(such as a recent coronary stent) and for a defined time.";
                yield return Make(rule, FindingKinds.DrugInteraction,
                    $"Bleeding risk: {partnerClass.Name} {partner.Name} with anticoagulant {names}", severity,
                    $"**{partner.Name}** ({partnerClass.Name}){(partner.Draft is null ? "" : ", being ordered,")} is combined with **{names}**. {why}",
                    Evidence([.. involved.SelectMany(m => m.Sources)]),
                    CancelDrafts([partner], "bleeding risk with the anticoagulant"), 0.9);
            }
        }
    }

    // (c) Hyperkalaemia on a drug that raises potassium.
    internal const double PotassiumAbove = 5.5;
    internal const double PotassiumCriticalAbove = 6.0;

    private static IEnumerable<Finding> PotassiumRaisingDrugWithHyperkalemia(ClinicalFacts facts, GuidelineRule rule)
    {
        var drugs = facts.MedicationsOf(MedicationClasses.PotassiumRaising).ToList();
        var potassium = facts.Points(ClinicalTerms.Potassium);
        if (drugs.Count == 0 || potassium.Count == 0) yield break;
        var latest = potassium[^1];
        if (latest.Value <= PotassiumAbove) yield break;

        var value = Number(latest.Value);
        var names = string.Join(", ", drugs.Select(d => d.Name).Distinct(StringComparer.Ordinal));
        yield return Make(rule, FindingKinds.DrugLab, $"Potassium {value} mmol/L on a drug that raises potassium",
            latest.Value > PotassiumCriticalAbove ? Severity.Critical : Severity.Warning,
            $"The latest potassium is **{value} mmol/L** ({Date(latest.Time)}), above 5.5, while taking {names}. " +
            "ACE inhibitors, angiotensin receptor blockers and potassium-sparing diuretics raise potassium; repeat the test, review diet and " +
            "other causes, and reduce or stop the drug if hyperkalaemia persists.",
            Evidence([.. drugs.SelectMany(d => d.Sources)], latest.Sources),
            [.. CancelDrafts(drugs, "potassium is above 5.5 mmol/L"), SuggestedAction.OrderTest("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "Repeat the potassium")],
            0.85);
    }

    // (d) KDIGO: CKD is a GFR below 60 for more than 3 months.
    internal const double CkdEgfrBelow = 60;
    internal static readonly TimeSpan CkdChronicity = TimeSpan.FromDays(90);

    private static IEnumerable<Finding> CkdNotOnProblemList(ClinicalFacts facts, GuidelineRule rule)
    {
        var egfr = facts.Points(ClinicalTerms.Egfr);
        if (egfr.Count < 2 || egfr[^1].Value >= CkdEgfrBelow) yield break;
        if (facts.ActiveProblems(ClinicalTerms.ChronicKidneyDisease).Any()) yield break;

        // The run of low values ending at the latest one: a normal value in between restarts the clock.
        var start = egfr.Count - 1;
        while (start > 0 && egfr[start - 1].Value < CkdEgfrBelow) start--;
        var run = egfr.Skip(start).ToList();
        if (run[^1].Time - run[0].Time <= CkdChronicity) yield break;

        var latest = run[^1].Value;
        var (code, display) = latest switch
        {
            < 15 => ("433146000", "Chronic kidney disease stage 5"),
            < 30 => ("431857002", "Chronic kidney disease stage 4"),
            < 45 => ("700379002", "Chronic kidney disease stage 3B"),
            _ => ("700378005", "Chronic kidney disease stage 3A"),
        };
        yield return Make(rule, FindingKinds.UndocumentedCondition,
            $"eGFR below 60 since {Date(run[0].Time)} but no chronic kidney disease on the problem list", Severity.Warning,
            $"Every eGFR from {Date(run[0].Time)} to {Date(run[^1].Time)} ({run.Count} results, latest **{Number(latest, 0)} mL/min/1.73m2**) " +
            "is below 60, for more than 3 months: this meets the KDIGO definition of chronic kidney disease. Recording it lets drug dosing, " +
            "monitoring and referral follow.",
            Evidence([.. run.SelectMany(p => p.Sources)]),
            [SuggestedAction.AddProblem(code, display, $"Add {display} to the problem list"),
             SuggestedAction.OrderTest("14959-1", "Microalbumin/Creatinine [Mass Ratio] in Urine", "Stage albuminuria with a urine albumin-creatinine ratio")],
            0.85);
    }

    // (e) ADA: HbA1c at or above 9% (or rising 1 point a year) calls for intensifying therapy.
    internal const double HbA1cHigh = 9.0;
    internal const double HbA1cRisePerYear = 1.0;
    internal static readonly TimeSpan HbA1cTrendWindow = TimeSpan.FromDays(456);
    internal static readonly TimeSpan HbA1cMinimumTrendSpan = TimeSpan.FromDays(180);

    private static IEnumerable<Finding> HbA1cAboveGoalOrRising(ClinicalFacts facts, GuidelineRule rule)
    {
        var diabetes = facts.ActiveProblems(ClinicalTerms.Diabetes).ToList();
        var hba1c = facts.Points(ClinicalTerms.HbA1c);
        if (diabetes.Count == 0 || hba1c.Count == 0) yield break;
        var latest = hba1c[^1];

        if (latest.Value >= HbA1cHigh)
        {
            yield return Make(rule, FindingKinds.AboveTarget, $"HbA1c {Number(latest.Value)}% is at or above 9% in diabetes", Severity.Warning,
                $"The latest HbA1c is **{Number(latest.Value)}%** ({Date(latest.Time)}). At 9% or more the ADA recommends intensifying therapy " +
                "(consider combination therapy or insulin) and reviewing adherence.",
                Evidence([.. diabetes.SelectMany(p => p.Sources)], latest.Sources), [], 0.9);
            yield break;
        }

        // The rise over about the last year: from the earliest result within the window to the latest.
        var window = hba1c.Where(p => latest.Time - p.Time <= HbA1cTrendWindow).ToList();
        var first = window[0];
        var span = latest.Time - first.Time;
        if (span < HbA1cMinimumTrendSpan) yield break;
        var perYear = (latest.Value - first.Value) / (span.TotalDays / 365.25);
        if (perYear < HbA1cRisePerYear) yield break;
        yield return Make(rule, FindingKinds.AboveTarget, $"HbA1c rising {Number(perYear)} points a year in diabetes", Severity.Warning,
            $"HbA1c rose from {Number(first.Value)}% ({Date(first.Time)}) to **{Number(latest.Value)}%** ({Date(latest.Time)}), " +
            $"{Number(perYear)} points a year. A sustained rise calls for timely intensification of therapy rather than waiting for it to pass 9%.",
            Evidence([.. diabetes.SelectMany(p => p.Sources)], [.. window.SelectMany(p => p.Sources)]), [], 0.8);
    }

    // (f) ADA: HbA1c at least twice a year in diabetes.
    internal const int HbA1cOverdueMonths = 6;

    private static IEnumerable<Finding> HbA1cOverdue(ClinicalFacts facts, GuidelineRule rule)
    {
        var diabetes = facts.ActiveProblems(ClinicalTerms.Diabetes).ToList();
        if (diabetes.Count == 0) yield break;
        var hba1c = facts.Points(ClinicalTerms.HbA1c);
        var due = facts.AsOf.AddMonths(-HbA1cOverdueMonths);
        if (hba1c.Count > 0 && hba1c[^1].Time >= due) yield break;

        var last = hba1c.Count > 0 ? hba1c[^1] : null;
        yield return Make(rule, FindingKinds.OverdueMonitoring,
            last is null ? "No HbA1c on record in diabetes" : $"HbA1c overdue: last measured {Date(last.Time)}", Severity.Info,
            (last is null ? "There is no HbA1c result in the record. " : $"The last HbA1c was **{Number(last.Value)}%** on {Date(last.Time)}, more than 6 months ago. ") +
            "The ADA recommends HbA1c at least twice a year in people meeting their goals, and quarterly when therapy changed or goals are not met.",
            Evidence([.. diabetes.SelectMany(p => p.Sources)], last?.Sources ?? []),
            [SuggestedAction.OrderTest("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "Order an HbA1c")], 0.9);
    }

    // (g) Anticoagulation in AF at CHA2DS2-VASc 2 or more in men, 3 or more in women.
    internal const int ChadsVascThresholdMale = 2;
    internal const int ChadsVascThresholdFemale = 3;

    private static IEnumerable<Finding> AtrialFibrillationWithoutAnticoagulant(ClinicalFacts facts, GuidelineRule rule)
    {
        var af = facts.ActiveProblems(ClinicalTerms.AtrialFibrillation).ToList();
        if (af.Count == 0 || facts.MedicationsOf(MedicationClasses.Anticoagulants).Any()) yield break;
        var (score, parts, sources) = ChadsVasc(facts);
        var female = string.Equals(facts.Context.Demographics?.Sex, "female", StringComparison.OrdinalIgnoreCase);
        if (score < (female ? ChadsVascThresholdFemale : ChadsVascThresholdMale)) yield break;

        yield return Make(rule, FindingKinds.MissingTherapy, $"Atrial fibrillation with CHA2DS2-VASc {score} and no anticoagulant", Severity.Warning,
            $"CHA2DS2-VASc is **{score}** ({string.Join(", ", parts)}) and no oral anticoagulant is active. " +
            "Oral anticoagulation (a DOAC in preference to warfarin) is recommended at a score of 2 or more in men and 3 or more in women; " +
            "aspirin is not a substitute. Assess bleeding risk and discuss with the patient.",
            Evidence([.. af.SelectMany(p => p.Sources)], sources), [], 0.85);
    }

    /// <summary>CHA2DS2-VASc from the problem list and demographics; history of stroke or TIA counts even when resolved.</summary>
    internal static (int Score, List<string> Parts, List<string> Sources) ChadsVasc(ClinicalFacts facts)
    {
        var score = 0;
        var parts = new List<string>();
        var sources = new List<string>();
        void Add(int points, string label, IEnumerable<string> from)
        {
            score += points;
            parts.Add($"{label} +{points}");
            sources.AddRange(from);
        }

        void AddProblem(ConditionDefinition condition, int points, string label, bool activeOnly)
        {
            var matches = (activeOnly ? facts.ActiveProblems(condition) : facts.AnyProblems(condition)).ToList();
            if (matches.Count > 0) Add(points, label, matches.SelectMany(p => p.Sources));
        }

        AddProblem(ClinicalTerms.HeartFailure, 1, "heart failure", activeOnly: true);
        AddProblem(ClinicalTerms.Hypertension, 1, "hypertension", activeOnly: true);
        var demographics = facts.Context.Demographics;
        if (demographics?.AgeYears is { } age)
        {
            if (age >= 75) Add(2, $"age {age}", demographics.Sources);
            else if (age >= 65) Add(1, $"age {age}", demographics.Sources);
        }
        AddProblem(ClinicalTerms.Diabetes, 1, "diabetes", activeOnly: true);
        AddProblem(ClinicalTerms.StrokeOrThromboembolism, 2, "prior stroke or TIA", activeOnly: false);
        AddProblem(ClinicalTerms.VascularDisease, 1, "vascular disease", activeOnly: false);
        if (string.Equals(demographics?.Sex, "female", StringComparison.OrdinalIgnoreCase)) Add(1, "female", demographics!.Sources);
        return (score, parts, sources);
    }

    // (h) ACC/AHA 2018: statin for clinical ASCVD, LDL 190 mg/dL or more, or diabetes at 40 to 75.
    internal const double LdlSevere = 190;

    private static IEnumerable<Finding> StatinIndicatedButNone(ClinicalFacts facts, GuidelineRule rule)
    {
        if (facts.MedicationsOf(MedicationClasses.Statins).Any()) yield break;
        var reasons = new List<string>();
        var sources = new List<string>();

        var ascvd = facts.AnyProblems(ClinicalTerms.Ascvd).ToList();
        if (ascvd.Count > 0)
        {
            reasons.Add($"clinical ASCVD ({string.Join(", ", ascvd.Select(p => p.Code.Display).Distinct(StringComparer.Ordinal))})");
            sources.AddRange(ascvd.SelectMany(p => p.Sources));
        }
        var ldl = facts.Points(ClinicalTerms.Ldl);
        if (ldl.Count > 0 && ldl[^1].Value >= LdlSevere)
        {
            reasons.Add($"LDL cholesterol {Number(ldl[^1].Value, 0)} mg/dL on {Date(ldl[^1].Time)}");
            sources.AddRange(ldl[^1].Sources);
        }
        var diabetes = facts.ActiveProblems(ClinicalTerms.Diabetes).ToList();
        if (diabetes.Count > 0 && facts.Context.Demographics is { AgeYears: >= 40 and <= 75 } demographics)
        {
            reasons.Add($"diabetes at age {demographics.AgeYears}");
            sources.AddRange(diabetes.SelectMany(p => p.Sources));
            sources.AddRange(demographics.Sources);
        }
        if (reasons.Count == 0) yield break;

        yield return Make(rule, FindingKinds.MissingTherapy, "Statin indicated but none active", Severity.Warning,
            $"A statin is indicated for {string.Join("; ", reasons)}, and none is active. The 2018 AHA/ACC guideline recommends a statin " +
            "(high intensity for ASCVD or LDL of 190 mg/dL or more, at least moderate intensity in diabetes aged 40 to 75) unless contraindicated or declined.",
            Evidence(sources), [], 0.85);
    }

    // (i) ACC/AHA 2017: a target below 130/80 in treated hypertension, judged on the mean of several readings.
    internal const double SystolicTarget = 130;
    internal const double DiastolicTarget = 80;
    internal const int BloodPressureReadings = 3;

    private static IEnumerable<Finding> BloodPressureAboveTarget(ClinicalFacts facts, GuidelineRule rule)
    {
        var hypertension = facts.ActiveProblems(ClinicalTerms.Hypertension).ToList();
        var systolic = facts.Points(ClinicalTerms.Systolic);
        var diastolic = facts.Points(ClinicalTerms.Diastolic);
        if (hypertension.Count == 0 || systolic.Count < BloodPressureReadings || diastolic.Count < BloodPressureReadings) yield break;

        var lastSystolic = systolic.TakeLast(BloodPressureReadings).ToList();
        var lastDiastolic = diastolic.TakeLast(BloodPressureReadings).ToList();
        var meanSystolic = lastSystolic.Average(p => p.Value);
        var meanDiastolic = lastDiastolic.Average(p => p.Value);
        if (meanSystolic <= SystolicTarget && meanDiastolic <= DiastolicTarget) yield break;

        var mean = $"{Number(meanSystolic, 0)}/{Number(meanDiastolic, 0)} mmHg";
        yield return Make(rule, FindingKinds.AboveTarget, $"Blood pressure above target: mean of the last three readings {mean}", Severity.Warning,
            $"The mean of the last three readings ({Date(lastSystolic[0].Time)} to {Date(lastSystolic[^1].Time)}) is **{mean}**, above the " +
            "130/80 mmHg target for adults with hypertension. Confirm with home or ambulatory readings, review adherence, and intensify treatment.",
            Evidence([.. lastSystolic.SelectMany(p => p.Sources)], [.. lastDiastolic.SelectMany(p => p.Sources)], [.. hypertension.SelectMany(p => p.Sources)]),
            [], 0.85);
    }

    // Two or more drugs with a known risk of torsades de pointes: the QT effects add up.
    internal const int QtDrugsThreshold = 2;

    private static IEnumerable<Finding> QtProlongingCombination(ClinicalFacts facts, GuidelineRule rule)
    {
        var drugs = facts.MedicationsOf(MedicationClasses.QtProlonging).ToList();
        var ingredients = drugs.Select(d => MedicationClasses.QtProlonging.IngredientKey(d.Medication)).Distinct(StringComparer.Ordinal).Count();
        if (ingredients < QtDrugsThreshold) yield break;
        var names = drugs.Select(d => d.Name).Distinct(StringComparer.Ordinal).ToList();

        yield return Make(rule, FindingKinds.DrugInteraction, $"{ingredients} QT-prolonging drugs together: {string.Join(", ", names)}", Severity.Warning,
            $"**{string.Join("**, **", names)}** each carry a known risk of QT prolongation and torsades de pointes, and the risk adds up. " +
            "Avoid the combination where an alternative exists; otherwise obtain an ECG, keep potassium and magnesium normal, and review other QT risks.",
            Evidence([.. drugs.SelectMany(d => d.Sources)]),
            CancelDrafts(drugs, "it adds to QT prolongation"), 0.8);
    }
}
