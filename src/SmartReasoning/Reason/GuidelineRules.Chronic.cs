using static SmartReasoning.Reason.RuleText;

namespace SmartReasoning.Reason;

/// <summary>The chronic care rules: a falling hemoglobin, HFrEF without its four pillars, Beers criteria drugs.</summary>
internal static partial class GuidelineRules
{
    // (m) A falling hemoglobin. A fall of 2 g/dL or more is the ISTH criterion of major bleeding; judged against the highest
    // value of the 90 days before the latest. Failing that, a steady decline (each of the last three values lower, within a
    // year, by at least 1 g/dL in all, beyond the usual biological and analytical variation) ending below the WHO anaemia cut-off.
    internal const double HemoglobinFall = 2.0;
    internal static readonly TimeSpan HemoglobinFallWindow = TimeSpan.FromDays(90);
    internal const int HemoglobinDeclineReadings = 3;
    internal const double HemoglobinDeclineMinimum = 1.0;
    internal static readonly TimeSpan HemoglobinDeclineWindow = TimeSpan.FromDays(365);

    // WHO 2024 cut-offs (g/dL, at sea level): men 13, non-pregnant women 12, pregnancy 11, children by age.
    internal const double AnaemiaBelowMen = 13.0;
    internal const double AnaemiaBelowWomen = 12.0;
    internal const double AnaemiaBelowPregnancy = 11.0;

    /// <summary>g/dL per unit of a hemoglobin series; mmol/L counts the haem monomer (16.11 g/mmol), as laboratories report it.</summary>
    internal static double? HemoglobinGramsPerDecilitre(string unit) => unit.Trim() switch
    {
        "g/dL" or "g/dl" or "g/100mL" => 1,
        "g/L" or "g/l" => 0.1,
        "mmol/L" or "mmol/l" => 1.611,
        "mg/dL" or "mg/dl" => 0.001,
        _ => null,
    };

    private static IEnumerable<Finding> FallingHemoglobin(ClinicalFacts facts, GuidelineRule rule)
    {
        var hemoglobin = facts.PointsIn(ClinicalTerms.Hemoglobin, HemoglobinGramsPerDecilitre);
        if (hemoglobin.Count < 2) yield break;
        var latest = hemoglobin[^1];
        var anticoagulants = facts.MedicationsOf(MedicationClasses.Anticoagulants).ToList();
        var repeat = SuggestedAction.OrderTest("718-7", "Hemoglobin [Mass/volume] in Blood", "Repeat the hemoglobin");

        var peak = hemoglobin.Take(hemoglobin.Count - 1).Where(p => latest.Time - p.Time <= HemoglobinFallWindow).MaxBy(p => p.Value);
        if (peak is not null && Math.Round(peak.Value - latest.Value, 2) >= HemoglobinFall)
        {
            var fall = Number(peak.Value - latest.Value);
            var onAnticoagulant = anticoagulants.Count > 0;
            var names = string.Join(", ", anticoagulants.Select(a => a.Name).Distinct(StringComparer.Ordinal));
            yield return Make(rule, FindingKinds.LabTrend,
                $"Hemoglobin fell {fall} g/dL {((latest.Time - peak.Time).Days is var days and > 0 ? $"in {days} days" : "within a day")}" +
                (onAnticoagulant ? " on an anticoagulant" : ""),
                onAnticoagulant ? Severity.Critical : Severity.Warning,
                $"Hemoglobin fell from {Number(peak.Value)} g/dL ({Date(peak.Time)}) to **{Number(latest.Value)} g/dL** ({Date(latest.Time)}). " +
                "A fall of 2 g/dL or more is the ISTH criterion of major bleeding; look for blood loss (gastrointestinal first), haemolysis " +
                "or dilution, and repeat the count." +
                (onAnticoagulant ? $" The patient takes **{names}**: assess for bleeding now and review the anticoagulant." : ""),
                Evidence(peak.Sources, latest.Sources, [.. anticoagulants.SelectMany(a => a.Sources)]), [repeat], 0.85);
            yield break;
        }

        if (hemoglobin.Count < HemoglobinDeclineReadings) yield break;
        var last = hemoglobin.TakeLast(HemoglobinDeclineReadings).ToList();
        var limit = AnaemiaCutoff(facts);
        var declining = last.Zip(last.Skip(1), (a, b) => b.Value < a.Value).All(d => d);
        if (!declining || latest.Time - last[0].Time > HemoglobinDeclineWindow || Math.Round(last[0].Value - latest.Value, 2) < HemoglobinDeclineMinimum
            || latest.Value >= limit.Value) yield break;
        yield return Make(Guidelines.WhoAnaemiaCutoffs2024, FindingKinds.LabTrend,
            $"Hemoglobin declining to {Number(latest.Value)} g/dL, below the anaemia cut-off of {Number(limit.Value)}", Severity.Warning,
            $"Hemoglobin fell at each of the last three results: {string.Join(", ", last.Select(p => $"{Number(p.Value)} ({Date(p.Time)})"))} g/dL, " +
            $"to **{Number(latest.Value)} g/dL**, below {Number(limit.Value)} g/dL, the WHO cut-off for anaemia in {limit.Who}. " +
            "Investigate the cause (iron studies, B12 and folate, kidney function, occult blood loss) before it falls further.",
            Evidence([.. last.SelectMany(p => p.Sources)]), [repeat], 0.75);
    }

    /// <summary>The WHO 2024 anaemia cut-off (g/dL) for the patient: by age in children, by sex and pregnancy from 15.</summary>
    internal static (double Value, string Who) AnaemiaCutoff(ClinicalFacts facts)
    {
        var demographics = facts.Context.Demographics;
        switch (demographics?.AgeYears)
        {
            case < 5: return (11.0, "children under 5");
            case < 12: return (11.5, "children aged 5 to 11");
            case < 15: return (12.0, "children aged 12 to 14");
        }
        if (Pregnancy(facts) is { Current: true }) return (AnaemiaBelowPregnancy, "pregnancy");
        return string.Equals(demographics?.Sex, "male", StringComparison.OrdinalIgnoreCase)
            ? (AnaemiaBelowMen, "men")
            : (AnaemiaBelowWomen, "women");
    }

    // (n) HFrEF (2022 AHA/ACC/HFSA): heart failure coded as HFrEF, or heart failure with a latest LVEF of 40% or less,
    // calls for four drug classes, each reducing mortality: an evidence-based beta blocker, an ARNI (or ACE inhibitor or
    // ARB), an MRA and an SGLT2 inhibitor.
    internal const double ReducedEjectionFractionAtMost = 40;

    private static IEnumerable<Finding> HfrefWithoutGuidelineDirectedTherapy(ClinicalFacts facts, GuidelineRule rule)
    {
        var coded = facts.ActiveProblems(ClinicalTerms.HeartFailureReducedEjectionFraction).ToList();
        var heartFailure = facts.ActiveProblems(ClinicalTerms.HeartFailure).ToList();
        if (heartFailure.Count == 0 && coded.Count == 0) yield break;

        // The latest echo may be reported twice (two methods, one time): their mean is the ejection fraction.
        var lvef = facts.Points(ClinicalTerms.LeftVentricularEjectionFraction);
        var latestEcho = lvef.Count > 0 ? lvef.Where(p => p.Time == lvef[^1].Time).ToList() : [];
        var ejectionFraction = latestEcho.Count > 0 ? latestEcho.Average(p => p.Value) : (double?)null;
        var reduced = ejectionFraction <= ReducedEjectionFractionAtMost;
        if (coded.Count == 0 && !reduced) yield break;

        var pillars = new (string Short, string Name, IReadOnlyList<MedicationClass> Classes)[]
        {
            ("beta blocker", "an evidence-based beta blocker (carvedilol, metoprolol succinate or bisoprolol)", [MedicationClasses.HeartFailureBetaBlockers]),
            ("ARNI/ACE inhibitor/ARB", "an ARNI (sacubitril/valsartan), or an ACE inhibitor or ARB",
                [MedicationClasses.Arni, MedicationClasses.AceInhibitors, MedicationClasses.AngiotensinReceptorBlockers]),
            ("MRA", "a mineralocorticoid receptor antagonist (spironolactone or eplerenone)", [MedicationClasses.MineralocorticoidReceptorAntagonists]),
            ("SGLT2 inhibitor", "an SGLT2 inhibitor (dapagliflozin, empagliflozin or sotagliflozin)", [MedicationClasses.HeartFailureSglt2Inhibitors]),
        };
        var missing = pillars.Where(p => !facts.MedicationsOf(p.Classes).Any()).ToList();
        if (missing.Count == 0) yield break;

        var basis = reduced
            ? $"heart failure with a latest LVEF of **{Number(ejectionFraction!.Value, 0)}%** ({Date(latestEcho[0].Time)})"
            : $"{string.Join(", ", coded.Select(p => p.Code.Display).Distinct(StringComparer.Ordinal))} on the problem list";
        yield return Make(rule, FindingKinds.MissingTherapy, $"HFrEF without guideline-directed therapy: no {string.Join(", ", missing.Select(m => m.Short))}", Severity.Warning,
            $"The patient has {basis}. The 2022 AHA/ACC/HFSA guideline recommends four drug classes in HFrEF, each lowering mortality and " +
            $"hospitalisation; missing: {string.Join("; ", missing.Select(m => m.Name))}. Start or document why not (intolerance, " +
            "contraindication such as potassium above 5.0 mmol/L or eGFR below 30 for an MRA), titrating to target doses.",
            Evidence([.. coded.Concat(heartFailure).SelectMany(p => p.Sources)], reduced ? [.. latestEcho.SelectMany(p => p.Sources)] : []), [], 0.85);
    }

    // (o) AGS Beers Criteria 2023: drugs to avoid from age 65, one finding per drug.
    internal const int BeersAge = 65;

    private static IEnumerable<Finding> BeersCriteriaDrug(ClinicalFacts facts, GuidelineRule rule)
    {
        if (facts.Context.Demographics is not { AgeYears: { } age } demographics || age < BeersAge) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in DrugSafetyTables.Beers)
        {
            foreach (var group in facts.Medications.Where(m => entry.Applies(m.Medication)).GroupBy(m => entry.Drugs.IngredientKey(m.Medication)))
            {
                if (!seen.Add(group.Key)) continue;
                var uses = group.ToList();
                yield return Make(rule, FindingKinds.PotentiallyInappropriate,
                    $"Beers criteria: avoid {group.Key} ({entry.Drugs.Name}) at age {age}", Severity.Warning,
                    $"**{string.Join("**, **", uses.Select(u => u.Name).Distinct(StringComparer.Ordinal))}**{(uses.Any(u => u.Draft is not null) ? " (being ordered)" : "")} " +
                    $"is on the AGS Beers Criteria list of drugs to avoid in adults aged 65 or over. {entry.Concern} " +
                    "Deprescribe or switch to a safer alternative where possible, tapering if it has been taken long term.",
                    Evidence([.. uses.SelectMany(u => u.Sources)], demographics.Sources),
                    CancelDrafts(uses, "potentially inappropriate at this age (Beers criteria)"), 0.8);
            }
        }
    }
}
