using System.Text.RegularExpressions;
using SmartReasoning.Compile;

namespace SmartReasoning.Reason;

/// <summary>How a drug class relates to an allergen: the allergy itself, or a class that may cross-react.</summary>
public enum AllergyRelation { CrossSensitivity, Direct }

/// <summary>
/// An allergen class: how a recorded allergy is recognised (RxNorm or SNOMED CT codes of the substance, or whole words of
/// its display such as "Penicillin V" or "Allergy to penicillin") and the drug classes it forbids or warns about.
/// </summary>
public sealed record AllergenClass(
    string Name,
    IReadOnlyList<string> RxNormCodes,
    IReadOnlyList<string> SnomedCodes,
    Regex DisplayPattern,
    IReadOnlyList<(MedicationClass Drugs, AllergyRelation Relation)> Reacts)
{
    public bool Matches(ClinicalCode substance)
    {
        if (substance.Code is { } code)
        {
            if ((substance.System is null || substance.System == CodeSystemUrls.RxNorm) && RxNormCodes.Contains(code)) return true;
            if ((substance.System is null || substance.System == CodeSystemUrls.Snomed) && SnomedCodes.Contains(code)) return true;
        }
        return DisplayPattern.IsMatch(substance.Display);
    }
}

/// <summary>A drug harmful in pregnancy: the class, how strongly to warn, and the harm in a few words.</summary>
public sealed record TeratogenEntry(MedicationClass Drugs, Severity Severity, string Harm);

/// <summary>A Beers criteria entry: the drugs, why older adults should avoid them, and products the entry does not cover.</summary>
public sealed record BeersEntry(MedicationClass Drugs, string Concern, Regex? Except = null)
{
    public bool Applies(ClinicalCode medication) => Drugs.Matches(medication) && !(Except?.IsMatch(medication.Display) ?? false);
}

/// <summary>
/// The tables the order-safety and older-adult rules read, kept as data beside the medication classes and reviewed like
/// code: allergen cross-sensitivity, teratogens, Beers criteria drugs and the classes screened for duplicate therapy.
/// </summary>
public static class DrugSafetyTables
{
    private static Regex Words(string pattern) =>
        new(@"\b(?:" + pattern + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex NamesOf(MedicationClass drugs, string? extra = null) =>
        Words(string.Join("|", drugs.Ingredients.Select(Regex.Escape)) + (extra is null ? "" : "|" + extra));

    /// <summary>
    /// Allergen classes and what they forbid (2022 drug allergy practice parameter). Direct: the allergy's own class,
    /// treated as the allergy. Cross-sensitivity: a related class that usually can be given with care (cephalosporins and
    /// carbapenems after a penicillin allergy, other NSAIDs after one NSAID). Sulfonamide non-antibiotics (furosemide,
    /// thiazides, celecoxib) are deliberately absent: they do not cross-react with sulfonamide antibiotics.
    /// A drug with the allergen's own ingredient is always direct, whatever the table says.
    /// </summary>
    public static IReadOnlyList<AllergenClass> Allergens { get; } =
    [
        // 91936005 Allergy to penicillin; 764146007 Penicillin (substance).
        new("penicillins", MedicationClasses.Penicillins.RxNormCodes, ["91936005", "764146007"],
            NamesOf(MedicationClasses.Penicillins, "beta[- ]lactam antibiotic"),
            [(MedicationClasses.Penicillins, AllergyRelation.Direct), (MedicationClasses.Cephalosporins, AllergyRelation.CrossSensitivity),
             (MedicationClasses.Carbapenems, AllergyRelation.CrossSensitivity)]),
        new("cephalosporins", MedicationClasses.Cephalosporins.RxNormCodes, [],
            NamesOf(MedicationClasses.Cephalosporins, "cephalosporins?"),
            [(MedicationClasses.Cephalosporins, AllergyRelation.Direct), (MedicationClasses.Penicillins, AllergyRelation.CrossSensitivity),
             (MedicationClasses.Carbapenems, AllergyRelation.CrossSensitivity)]),
        new("carbapenems", [], [], NamesOf(MedicationClasses.Carbapenems, "carbapenems?"),
            [(MedicationClasses.Carbapenems, AllergyRelation.Direct)]),
        // 91939003 Allergy to sulfonamide.
        new("sulfonamide antibiotics", MedicationClasses.SulfonamideAntibiotics.RxNormCodes, ["91939003"],
            NamesOf(MedicationClasses.SulfonamideAntibiotics, "sulfonamides?|sulpha|sulfa(?: drugs?| antibiotics?)?|co-trimoxazole"),
            [(MedicationClasses.SulfonamideAntibiotics, AllergyRelation.Direct)]),
        new("fluoroquinolones", MedicationClasses.Fluoroquinolones.RxNormCodes, [], NamesOf(MedicationClasses.Fluoroquinolones, "fluoroquinolones?|quinolones?"),
            [(MedicationClasses.Fluoroquinolones, AllergyRelation.CrossSensitivity)]),
        // 293586001 Allergy to aspirin.
        new("aspirin", MedicationClasses.Aspirin.RxNormCodes, ["293586001"], NamesOf(MedicationClasses.Aspirin, "salicylates?"),
            [(MedicationClasses.Aspirin, AllergyRelation.Direct), (MedicationClasses.Nsaids, AllergyRelation.CrossSensitivity)]),
        // An allergy to NSAIDs as a class forbids them all; to one NSAID, the others may cross-react (COX-1 inhibition).
        new("NSAIDs", [], [], Words(@"NSAIDs?|non-?steroidal anti-?inflammatory(?: drugs?| agents?)?"),
            [(MedicationClasses.Nsaids, AllergyRelation.Direct), (MedicationClasses.Aspirin, AllergyRelation.CrossSensitivity)]),
        new("the NSAID on record", MedicationClasses.Nsaids.RxNormCodes, [], NamesOf(MedicationClasses.Nsaids),
            [(MedicationClasses.Nsaids, AllergyRelation.CrossSensitivity), (MedicationClasses.Aspirin, AllergyRelation.CrossSensitivity)]),
        // ACE inhibitor angioedema is a class effect; ARBs (and sacubitril/valsartan) carry a small risk of recurrence.
        new("ACE inhibitors", MedicationClasses.AceInhibitors.RxNormCodes, [],
            NamesOf(MedicationClasses.AceInhibitors, "ACE inhibitors?|angiotensin[- ]converting enzyme inhibitors?"),
            [(MedicationClasses.AceInhibitors, AllergyRelation.Direct), (MedicationClasses.AngiotensinReceptorBlockers, AllergyRelation.CrossSensitivity)]),
        new("opioids", [], [], Words("opioids?|opiates?|narcotic analgesics?"),
            [(MedicationClasses.Opioids, AllergyRelation.Direct)]),
        new("the opioid on record", MedicationClasses.PhenanthreneOpioids.RxNormCodes, [], NamesOf(MedicationClasses.PhenanthreneOpioids),
            [(MedicationClasses.PhenanthreneOpioids, AllergyRelation.CrossSensitivity)]),
        // Statin "allergy" is mostly muscle symptoms: another statin is often tolerated, so other statins are cross-sensitivity.
        new("statins", [], [], Words("statins?|HMG-?CoA reductase inhibitors?"),
            [(MedicationClasses.Statins, AllergyRelation.Direct)]),
        new("the statin on record", MedicationClasses.Statins.RxNormCodes, [], NamesOf(MedicationClasses.Statins),
            [(MedicationClasses.Statins, AllergyRelation.CrossSensitivity)]),
    ];

    /// <summary>Every drug class the allergen table names: a drug of the allergen's own ingredient in any of them is direct.</summary>
    public static IReadOnlyList<MedicationClass> AllergyDrugClasses { get; } =
        [.. Allergens.SelectMany(a => a.Reacts.Select(r => r.Drugs)).Distinct()];

    /// <summary>
    /// Well-established teratogens (FDA labeling: contraindicated in pregnancy or a boxed warning). Critical where the label
    /// contraindicates the drug in pregnancy; a warning where the risk is real but continuing may be right after review
    /// (antiepileptics and lithium for a controlled illness, tetracyclines, and statins since the FDA's 2021 label change).
    /// </summary>
    public static IReadOnlyList<TeratogenEntry> Teratogens { get; } =
    [
        new(MedicationClasses.Warfarin, Severity.Critical, "warfarin embryopathy (nasal hypoplasia, stippled epiphyses) and fetal bleeding"),
        new(MedicationClasses.AceInhibitors, Severity.Critical, "fetal renal failure, oligohydramnios, skull hypoplasia and death (boxed warning)"),
        new(MedicationClasses.AngiotensinReceptorBlockers, Severity.Critical, "fetal renal failure, oligohydramnios, skull hypoplasia and death (boxed warning)"),
        new(MedicationClasses.Retinoids, Severity.Critical, "severe craniofacial, cardiac and central nervous system malformations (iPLEDGE)"),
        new(MedicationClasses.Valproate, Severity.Critical, "neural tube defects, other major malformations and lower IQ (boxed warning)"),
        new(MedicationClasses.Methotrexate, Severity.Critical, "embryo-fetal death and malformations (contraindicated in pregnancy)"),
        new(MedicationClasses.Mycophenolate, Severity.Critical, "first-trimester loss and malformations of the ear, face and heart (boxed warning)"),
        new(MedicationClasses.Leflunomide, Severity.Critical, "embryo-fetal toxicity (boxed warning; accelerated elimination needed)"),
        new(MedicationClasses.ThalidomideAnalogues, Severity.Critical, "severe limb and organ malformations (boxed warning, REMS)"),
        new(MedicationClasses.Misoprostol, Severity.Critical, "miscarriage, uterine rupture and birth defects (boxed warning)"),
        new(MedicationClasses.Ribavirin, Severity.Critical, "teratogenic and embryocidal in every species tested (boxed warning)"),
        new(MedicationClasses.FiveAlphaReductaseInhibitors, Severity.Critical, "abnormal genitalia of a male fetus (contraindicated in pregnancy)"),
        new(MedicationClasses.EndothelinReceptorAntagonists, Severity.Critical, "serious birth defects (boxed warning, REMS)"),
        new(MedicationClasses.TeratogenicAntiepileptics, Severity.Warning, "neural tube defects, oral clefts and other malformations"),
        new(MedicationClasses.Lithium, Severity.Warning, "cardiac malformations (Ebstein anomaly) and neonatal toxicity"),
        new(MedicationClasses.Tetracyclines, Severity.Warning, "permanent tooth discoloration and inhibited bone growth after 15 weeks"),
        new(MedicationClasses.Statins, Severity.Warning, "possible fetal harm; most pregnant patients should stop (FDA 2021 label change)"),
    ];

    /// <summary>Products that are not taken by mouth or injected: Beers concerns are about systemic exposure.</summary>
    private const string NotSystemicWords = "topical|ophthalmic|otic|vaginal|cream|ointment|lotion|gel|shampoo|eye drops?";

    private static readonly Regex NotSystemic = Words(NotSystemicWords);

    // Doxepin up to 6 mg a day (the hypnotic tablets of 3 and 6 mg) is acceptable; above it is strongly anticholinergic.
    private static readonly Regex NotSystemicOrLowDoseDoxepin = Words(NotSystemicWords + @"|doxepin(?: hydrochloride)? [36] MG(?!/)");

    /// <summary>
    /// AGS Beers Criteria 2023 (table 2), the entries that hold whatever the diagnosis, dose or duration. Left out on purpose
    /// because they depend on what the record does not say reliably: PPIs beyond 8 weeks, nitrofurantoin at low CrCl,
    /// sliding-scale insulin, chronic NSAIDs, digoxin above 0.125 mg a day, antipsychotics outside psychosis, aspirin for
    /// primary prevention, warfarin or rivaroxaban started as first choice.
    /// </summary>
    public static IReadOnlyList<BeersEntry> Beers { get; } =
    [
        new(MedicationClasses.FirstGenerationAntihistamines,
            "Strongly anticholinergic: clearance falls with age, and confusion, dry mouth, constipation and urinary retention follow. " +
            "Acute use for a severe allergic reaction may be appropriate.", NotSystemic),
        new(MedicationClasses.Antispasmodics, "Strongly anticholinergic, with uncertain effectiveness.", NotSystemic),
        new(MedicationClasses.AnticholinergicAntidepressants,
            "Strongly anticholinergic and sedating, and cause orthostatic hypotension.", NotSystemicOrLowDoseDoxepin),
        new(MedicationClasses.Barbiturates, "High rate of physical dependence, tolerance to sleep benefits and overdose risk at low doses."),
        new(MedicationClasses.Benzodiazepines,
            "Older adults are more sensitive to benzodiazepines: cognitive impairment, delirium, falls, fractures and motor vehicle crashes.", NotSystemic),
        new(MedicationClasses.ZDrugs,
            "Adverse events like those of benzodiazepines (delirium, falls, fractures, crashes) with minimal gain in sleep.", NotSystemic),
        new(MedicationClasses.Sulfonylureas,
            "Higher risk of cardiovascular events, death and hypoglycaemia than alternatives; avoid as first or second line. " +
            "If one must be used, a short-acting one (glipizide) is preferred to glyburide or glimepiride."),
        new(MedicationClasses.Meperidine, "Not effective orally at usual doses and may cause neurotoxicity, including delirium; safer opioids exist."),
        new(MedicationClasses.SkeletalMuscleRelaxants,
            "Poorly tolerated (anticholinergic effects, sedation, fractures) and of questionable effectiveness at tolerated doses.", NotSystemic),
        new(MedicationClasses.Megestrol, "Minimal effect on weight and raises the risk of thrombosis and possibly death."),
        new(MedicationClasses.SystemicEstrogens,
            "Carcinogenic potential (breast and endometrium) and no cardioprotection or cognitive protection in older women; " +
            "low-dose vaginal estrogen is acceptable.", NotSystemic),
    ];

    /// <summary>
    /// The classes screened for duplicate therapy: two drugs of one class rarely add benefit and add harm. Antiplatelets are
    /// not here (aspirin with a P2Y12 inhibitor is intended dual therapy), nor beta blockers or diuretics, often combined on purpose.
    /// ACE inhibitor with ARB is screened apart as dual RAAS blockade.
    /// </summary>
    public static IReadOnlyList<MedicationClass> DuplicateTherapyClasses { get; } =
    [
        MedicationClasses.Statins, MedicationClasses.AceInhibitors, MedicationClasses.AngiotensinReceptorBlockers, MedicationClasses.Nsaids,
        MedicationClasses.OralAnticoagulants, MedicationClasses.ProtonPumpInhibitors, MedicationClasses.Ssris, MedicationClasses.Benzodiazepines,
        MedicationClasses.Opioids,
    ];
}
