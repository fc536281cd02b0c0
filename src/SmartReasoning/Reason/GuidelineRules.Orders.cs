using System.Text.RegularExpressions;
using SmartReasoning.Compile;
using static SmartReasoning.Reason.RuleText;

namespace SmartReasoning.Reason;

/// <summary>The order-safety rules: a draft order against an allergy, a teratogen in pregnancy, duplicate therapy.</summary>
internal static partial class GuidelineRules
{
    // (j) A draft order against a recorded allergy (2022 drug allergy practice parameter). Only drafts: an active drug the
    // patient already takes with an allergy on record has been tolerated or reviewed; the moment to stop is the order.
    internal const double DirectAllergyConfidence = 0.95;
    internal const double CrossSensitivityConfidence = 0.7;

    private static IEnumerable<Finding> DraftConflictingWithAllergy(ClinicalFacts facts, GuidelineRule rule)
    {
        var drafts = facts.Drafts.ToList();
        if (drafts.Count == 0) yield break;
        var allergies = facts.CurrentAllergies.ToList();

        foreach (var draft in drafts)
            foreach (var allergy in allergies)
            {
                if (AllergyConflict(allergy.Substance, draft.Medication) is not { } conflict) continue;
                var direct = conflict.Relation == AllergyRelation.Direct;
                var substance = AllergenName(allergy.Substance.Display);
                var recorded = $"{(allergy.Criticality is { } c ? c + "-criticality " : "")}allergy to **{substance}**" +
                    (allergy.Reactions.Count > 0 ? $" (reaction: {string.Join(", ", allergy.Reactions)})" : "");
                yield return direct
                    ? Make(rule, FindingKinds.DrugAllergy, $"Allergy: {draft.Name} is ordered despite a recorded allergy to {substance}", Severity.Critical,
                        $"**{draft.Name}** is being ordered and the patient has a recorded {recorded}. {Capitalised(conflict.Why)}: giving it risks the " +
                        "same reaction, up to anaphylaxis. Cancel the order and choose a drug of another class; if the history is doubtful, " +
                        "refer for allergy evaluation rather than re-challenging unsupervised.",
                        Evidence(draft.Sources, allergy.Sources), CancelDrafts([draft], $"the patient is allergic to {substance}"), DirectAllergyConfidence)
                    : Make(rule, FindingKinds.DrugAllergy, $"Possible cross-sensitivity: {draft.Name} with a recorded allergy to {substance}", Severity.Warning,
                        $"**{draft.Name}** is being ordered and the patient has a recorded {recorded}. {Capitalised(conflict.Why)}. " +
                        "Most patients tolerate it (with a penicillin allergy, cephalosporins of dissimilar side chains and carbapenems react in " +
                        "about 1% or less), but weigh the recorded reaction: after a severe or high-criticality reaction choose another class " +
                        "or give it as a supervised drug challenge.",
                        Evidence(draft.Sources, allergy.Sources), CancelDrafts([draft], $"possible cross-sensitivity with the {substance} allergy"),
                        CrossSensitivityConfidence);
            }
    }

    /// <summary>How a drug conflicts with a recorded allergen, the strongest relation first; null when it does not.</summary>
    internal static (AllergyRelation Relation, string Why)? AllergyConflict(ClinicalCode substance, ClinicalCode drug)
    {
        if (SameIngredient(substance, drug) is { } ingredient)
            return (AllergyRelation.Direct, $"it contains {ingredient}, the substance the allergy names");

        (AllergyRelation Relation, string Why)? best = null;
        foreach (var allergen in DrugSafetyTables.Allergens)
        {
            if (!allergen.Matches(substance)) continue;
            foreach (var (drugs, relation) in allergen.Reacts)
                if (drugs.Matches(drug) && (best is null || relation > best.Value.Relation))
                    best = (relation, relation == AllergyRelation.Direct
                        ? $"it is {WithArticle(drugs.Name)}, a class the recorded allergy covers"
                        : $"it is {WithArticle(drugs.Name)}, which may cross-react with {allergen.Name}");
        }
        return best;
    }

    /// <summary>
    /// The ingredient a drug shares with an allergen, or null: one RxNorm code, one ingredient of a class in the allergy
    /// table, or (for an RxNorm-coded allergen, whose display is the ingredient's name) that name as a whole word of the drug.
    /// </summary>
    private static string? SameIngredient(ClinicalCode substance, ClinicalCode drug)
    {
        var rxNormSubstance = substance.System is null or CodeSystemUrls.RxNorm;
        if (rxNormSubstance && substance.Code is { } code && drug.Code == code && drug.System is null or CodeSystemUrls.RxNorm)
            return substance.Display;
        foreach (var drugs in DrugSafetyTables.AllergyDrugClasses)
        {
            if (!drugs.Matches(substance) || !drugs.Matches(drug)) continue;
            var key = drugs.IngredientKey(substance);
            if (key == drugs.IngredientKey(drug)) return key;
        }
        if (substance.System == CodeSystemUrls.RxNorm && substance.Display.Trim() is { Length: >= MinimumIngredientNameLength } name &&
            Regex.IsMatch(drug.Display, @"\b" + Regex.Escape(name) + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            return name.ToLowerInvariant();
        return null;
    }

    // Shorter RxNorm displays are abbreviations or salts ("iron"), too loose to match as words of a product name.
    private const int MinimumIngredientNameLength = 5;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string WithArticle(string noun) =>
        ("aeiouAEIOU".Contains(noun[0], StringComparison.Ordinal) || noun.StartsWith("NSAID", StringComparison.Ordinal) ? "an " : "a ") + noun;

    /// <summary>The allergen as a reader names it: "Allergy to penicillin" and "Penicillin (substance)" both read "penicillin".</summary>
    internal static string AllergenName(string display)
    {
        var name = Regex.Replace(display, @"\s*\((?:substance|disorder|finding)\)\s*$", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        name = Regex.Replace(name, @"^allergy to\s+|\s+allergy$", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return name.Length == 0 ? display : name;
    }

    // (k) A teratogenic draft order in pregnancy (FDA labeling). A pregnancy began at most 42 weeks ago is current; an older
    // one still marked active is probably over but unrecorded, so the finding asks to confirm rather than alarm.
    internal static readonly TimeSpan PregnancyLongest = TimeSpan.FromDays(42 * 7);

    private static IEnumerable<Finding> TeratogenicDraftInPregnancy(ClinicalFacts facts, GuidelineRule rule)
    {
        var drafts = facts.Drafts.ToList();
        if (drafts.Count == 0 || Pregnancy(facts) is not { } pregnancy) yield break;

        foreach (var draft in drafts)
        {
            if (DrugSafetyTables.Teratogens.FirstOrDefault(t => t.Drugs.Matches(draft.Medication)) is not { } teratogen) continue;
            var severity = pregnancy.Current ? teratogen.Severity : Severity.Warning;
            var title = pregnancy.Current
                ? $"Teratogen in pregnancy: {draft.Name} ordered for a pregnant patient"
                : $"Teratogen ordered and a pregnancy is still recorded: confirm status before {draft.Name}";
            yield return Make(rule, FindingKinds.DrugPregnancy, title, severity,
                $"**{draft.Name}** ({teratogen.Drugs.Name}) is being ordered. {pregnancy.Basis} In pregnancy it risks {teratogen.Harm}. " +
                (pregnancy.Current
                    ? "Cancel the order and choose an alternative that is safe in pregnancy; if the drug is essential, involve maternal-fetal medicine."
                    : "Confirm whether the patient is pregnant (and update the problem list) before the order is signed."),
                Evidence(draft.Sources, pregnancy.Sources), CancelDrafts([draft], "it is harmful in pregnancy"), pregnancy.Current ? 0.9 : 0.6);
        }
    }

    /// <summary>Why the record says the patient is pregnant, whether that is current, and the references it rests on.</summary>
    internal sealed record PregnancyEvidence(bool Current, string Basis, IReadOnlyList<string> Sources);

    /// <summary>
    /// Pregnancy from an active pregnancy condition or the latest pregnancy-status result. A "not pregnant" status newer
    /// than a condition's onset (or whose onset is unknown) outweighs it; a "pregnant" status counts for 42 weeks.
    /// </summary>
    internal static PregnancyEvidence? Pregnancy(ClinicalFacts facts)
    {
        var status = facts.LatestFinding(ClinicalTerms.PregnancyStatus);
        var notPregnantSince = status is not null && ClinicalTerms.NotPregnantValue.IsMatch(status.Value) ? status.Time : (DateTimeOffset?)null;
        var conditions = facts.ActiveProblems(ClinicalTerms.Pregnancy)
            .Where(p => notPregnantSince is null || (p.Onset is { } onset && onset > notPregnantSince))
            .ToList();
        var recentStatus = status is not null && ClinicalTerms.PregnantValue.IsMatch(status.Value) && facts.AsOf - status.Time <= PregnancyLongest ? status : null;

        var current = conditions.Where(p => p.Onset is not { } onset || facts.AsOf - onset <= PregnancyLongest).ToList();
        if (recentStatus is not null || current.Count > 0)
        {
            var basis = new List<string>();
            if (recentStatus is not null) basis.Add($"pregnancy status \"{recentStatus.Value}\" on {Date(recentStatus.Time)}");
            basis.AddRange(current.Select(p => p.Onset is { } onset ? $"{p.Code.Display} since {Date(onset)}" : p.Code.Display));
            return new PregnancyEvidence(true, $"The record shows a current pregnancy: {string.Join("; ", basis)}.",
                Evidence(recentStatus?.Sources ?? [], [.. current.SelectMany(p => p.Sources)]));
        }
        if (conditions.Count == 0) return null;
        var stale = conditions[0];
        return new PregnancyEvidence(false,
            $"The problem list still shows **{stale.Code.Display}** as active, recorded from {Date(stale.Onset!.Value)}: more than 42 weeks ago, " +
            "so it has probably ended without the record being updated.",
            Evidence([.. conditions.SelectMany(p => p.Sources)]));
    }

    // (l) Duplicate therapy (ASHP: screen every order for therapeutic duplication). Two different ingredients of one class
    // among active medications and drafts, or a draft of an ingredient already active or drafted. Two active entries of one
    // ingredient are not a duplicate: two strengths making one dose, or a statement mirroring the order, are usual.
    private static IEnumerable<Finding> DuplicateTherapy(ClinicalFacts facts, GuidelineRule rule)
    {
        foreach (var drugClass in DrugSafetyTables.DuplicateTherapyClasses)
        {
            var uses = facts.MedicationsOf(drugClass).ToList();
            if (uses.Count < 2) continue;
            var ingredients = uses.Select(u => drugClass.IngredientKey(u.Medication)).Distinct(StringComparer.Ordinal).ToList();
            var redrafted = uses.Any(u => u.Draft is not null) && ingredients.Count < uses.Count;
            if (ingredients.Count < 2 && !redrafted) continue;

            var names = uses.Select(u => u.Name).Distinct(StringComparer.Ordinal).ToList();
            var what = ingredients.Count >= 2 ? $"{ingredients.Count} {drugClass.Name}s ({string.Join(", ", ingredients)})" : $"{ingredients[0]} ordered again";
            yield return Make(rule, FindingKinds.DuplicateTherapy, $"Duplicate therapy: {what}", Severity.Warning,
                $"**{string.Join("**, **", names)}** are all {drugClass.Name}s. Two drugs of one class rarely add benefit and add adverse " +
                "effects (and, for anticoagulants, opioids or benzodiazepines, serious harm). If one replaces the other, stop the old one; " +
                "otherwise cancel the duplicate.",
                Evidence([.. uses.SelectMany(u => u.Sources)]), CancelDrafts(uses, $"duplicate {drugClass.Name}"), 0.8);
        }

        // Dual RAAS blockade: an ACE inhibitor with an ARB (2017 ACC/AHA: harmful); with sacubitril/valsartan it is
        // contraindicated (angioedema; 36 hours must pass after the last ACE inhibitor dose).
        var aceInhibitors = facts.MedicationsOf(MedicationClasses.AceInhibitors).ToList();
        var receptorBlockers = facts.MedicationsOf(MedicationClasses.AngiotensinReceptorBlockers).ToList();
        if (aceInhibitors.Count == 0 || receptorBlockers.Count == 0) yield break;
        var arni = receptorBlockers.Where(r => MedicationClasses.Arni.Matches(r.Medication)).ToList();
        var involved = aceInhibitors.Concat(receptorBlockers).ToList();
        var drafts = involved.Where(u => u.Draft is not null).ToList();
        var pair = $"{string.Join(", ", aceInhibitors.Select(a => a.Name).Distinct(StringComparer.Ordinal))} with " +
                   $"{string.Join(", ", receptorBlockers.Select(a => a.Name).Distinct(StringComparer.Ordinal))}";
        yield return arni.Count > 0
            ? Make(Guidelines.AhaAccHfsaHeartFailure2022, FindingKinds.DuplicateTherapy,
                "Sacubitril/valsartan with an ACE inhibitor: contraindicated (angioedema)", Severity.Critical,
                $"**{pair}**. An angiotensin receptor-neprilysin inhibitor must not be given with an ACE inhibitor, nor within 36 hours of " +
                "the last ACE inhibitor dose, because of the risk of angioedema. Stop one of them.",
                Evidence([.. involved.SelectMany(u => u.Sources)]), CancelDrafts(drafts, "an ARNI with an ACE inhibitor is contraindicated"), 0.9)
            : Make(Guidelines.AccAhaBloodPressure2017, FindingKinds.DuplicateTherapy,
                "Dual RAAS blockade: an ACE inhibitor with an angiotensin receptor blocker", Severity.Warning,
                $"**{pair}**. Combining an ACE inhibitor with an ARB is potentially harmful and not recommended: it raises the risk of " +
                "hyperkalaemia, hypotension and acute kidney injury without cardiovascular benefit. Keep one of them.",
                Evidence([.. involved.SelectMany(u => u.Sources)]), CancelDrafts(drafts, "dual RAAS blockade"), 0.85);
    }
}
