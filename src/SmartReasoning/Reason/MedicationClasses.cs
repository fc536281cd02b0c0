using System.Text.RegularExpressions;
using SmartReasoning.Compile;

namespace SmartReasoning.Reason;

/// <summary>A medication class the rules use: its ingredients (names as RxNorm spells them) and RxNorm codes (ingredients and the products we see).</summary>
public sealed record MedicationClass(string Name, IReadOnlyList<string> Ingredients, IReadOnlyList<string> RxNormCodes)
{
    private readonly Regex _ingredientPattern = new(
        @"\b(?:" + string.Join("|", Ingredients.Select(Regex.Escape)) + @")\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// True when the coding is one of the class's RxNorm codes, or its display names one of the ingredients as a whole
    /// word. Only the coding is read, never notes: free text would match "stop warfarin" as warfarin.
    /// </summary>
    public bool Matches(ClinicalCode medication)
    {
        if (medication.Code is { } code && (medication.System is null || medication.System == CodeSystemUrls.RxNorm) && RxNormCodes.Contains(code))
            return true;
        return _ingredientPattern.IsMatch(medication.Display);
    }

    /// <summary>
    /// The ingredient the coding names (lower case), else its RxNorm code: two products of one ingredient are one drug
    /// when rules count different drugs.
    /// </summary>
    public string IngredientKey(ClinicalCode medication)
    {
        var match = _ingredientPattern.Match(medication.Display);
        return match.Success ? match.Value.ToLowerInvariant() : medication.Code ?? medication.Display;
    }
}

/// <summary>
/// The medication class table (kept as data in the repository, reviewed like code). Codes: RxNorm ingredient RxCUIs plus
/// the clinical drugs the synthetic cohort prescribes; ingredient names catch any other product whose display names them.
/// </summary>
public static class MedicationClasses
{
    public static readonly MedicationClass Metformin = new("metformin", ["metformin"], ["6809", "860975", "861007", "861010"]);

    public static readonly MedicationClass Warfarin = new("warfarin", ["warfarin"], ["11289", "855332"]);

    public static readonly MedicationClass DirectOralAnticoagulants = new("direct oral anticoagulant",
        ["apixaban", "rivaroxaban", "dabigatran", "edoxaban"], ["1364430", "1114195", "1037042", "1599538"]);

    public static readonly MedicationClass Nsaids = new("NSAID",
        ["ibuprofen", "naproxen", "diclofenac", "celecoxib", "meloxicam", "ketorolac", "indomethacin", "etodolac", "nabumetone", "piroxicam"],
        ["5640", "7258", "3355", "140587", "41493", "35827", "5781", "24605", "31448", "8356", "197805"]);

    public static readonly MedicationClass Antiplatelets = new("antiplatelet",
        ["aspirin", "clopidogrel", "prasugrel", "ticagrelor", "dipyridamole"], ["1191", "32968", "613391", "1116632", "3521", "243670"]);

    public static readonly MedicationClass AceInhibitors = new("ACE inhibitor",
        ["lisinopril", "enalapril", "ramipril", "benazepril", "captopril", "quinapril", "fosinopril", "perindopril", "trandolapril"],
        ["29046", "3827", "35296", "18867", "1998", "35208", "50166", "54552", "38454", "314076", "314077"]);

    public static readonly MedicationClass AngiotensinReceptorBlockers = new("angiotensin receptor blocker",
        ["losartan", "valsartan", "irbesartan", "olmesartan", "candesartan", "telmisartan", "azilsartan"],
        ["52175", "69749", "83818", "321064", "214354", "73494", "1091643", "1656340"]);

    public static readonly MedicationClass PotassiumSparingDiuretics = new("potassium-sparing diuretic",
        ["spironolactone", "eplerenone", "amiloride", "triamterene", "finerenone"], ["9997", "298869", "644", "10763", "2562811", "313096"]);

    // 316672 is simvastatin 10 MG as Synthea records it, with the display misspelt "Simvistatin": only the code matches it.
    public static readonly MedicationClass Statins = new("statin",
        ["atorvastatin", "simvastatin", "rosuvastatin", "pravastatin", "lovastatin", "fluvastatin", "pitavastatin"],
        ["83367", "36567", "301542", "42463", "6472", "41127", "861634", "617312", "316672"]);

    /// <summary>
    /// Drugs with a known risk of torsades de pointes (CredibleMeds "known risk" list, the best-established entries only);
    /// matched by ingredient name, so every product of the ingredient counts.
    /// </summary>
    public static readonly MedicationClass QtProlonging = new("QT-prolonging drug",
        ["amiodarone", "sotalol", "dofetilide", "dronedarone", "azithromycin", "clarithromycin", "erythromycin", "ciprofloxacin",
         "levofloxacin", "moxifloxacin", "citalopram", "escitalopram", "haloperidol", "chlorpromazine", "thioridazine", "methadone",
         "ondansetron", "hydroxychloroquine", "fluconazole", "donepezil"],
        ["703", "9947", "49247", "233698", "18631", "21212", "4053", "2551", "82122", "139462", "2556", "321988", "5093", "2403",
         "10502", "6813", "26225", "5521", "4450", "135447", "308460"]);

    // The classes below were added for the allergy, pregnancy, duplicate-therapy, heart failure and Beers rules. RxNorm
    // codes are listed only where we are confident of them (ingredient RxCUIs we know well, and the clinical drugs the
    // synthetic cohort and the shared bundles prescribe); every other product is caught by its ingredient name, which
    // RxNorm displays always spell out.

    /// <summary>Aspirin alone (it is also in <see cref="Antiplatelets"/>): the allergy table needs it apart from the NSAIDs.</summary>
    public static readonly MedicationClass Aspirin = new("aspirin", ["aspirin", "acetylsalicylic acid"], ["1191", "243670"]);

    // 7980 penicillin G, 7984 penicillin V, 70618 penicillin, 723 amoxicillin, 733 ampicillin; 308191 amoxicillin 500 MG capsule (cohort).
    public static readonly MedicationClass Penicillins = new("penicillin",
        ["penicillin", "amoxicillin", "ampicillin", "piperacillin", "nafcillin", "oxacillin", "dicloxacillin", "ticarcillin"],
        ["70618", "7980", "7984", "723", "733", "308191"]);

    // Names only: cephalosporin RxCUIs are not listed because we could not confirm them; every product names its ingredient.
    public static readonly MedicationClass Cephalosporins = new("cephalosporin",
        ["cephalexin", "cefadroxil", "cefazolin", "cefaclor", "cefprozil", "cefuroxime", "cefoxitin", "cefotetan", "cefdinir", "cefixime",
         "cefpodoxime", "cefditoren", "ceftriaxone", "cefotaxime", "ceftazidime", "cefepime", "ceftaroline", "ceftolozane", "cefiderocol"],
        []);

    public static readonly MedicationClass Carbapenems = new("carbapenem", ["meropenem", "imipenem", "ertapenem", "doripenem"], []);

    // 10180 sulfamethoxazole (the code the synthetic cohort's sulfa allergy carries).
    public static readonly MedicationClass SulfonamideAntibiotics = new("sulfonamide antibiotic",
        ["sulfamethoxazole", "sulfadiazine", "sulfisoxazole", "sulfacetamide"], ["10180"]);

    // 2551 ciprofloxacin, 82122 levofloxacin, 139462 moxifloxacin (as in the QT list).
    public static readonly MedicationClass Fluoroquinolones = new("fluoroquinolone",
        ["ciprofloxacin", "levofloxacin", "moxifloxacin", "ofloxacin", "delafloxacin", "gemifloxacin"], ["2551", "82122", "139462"]);

    // 7052 morphine, 2670 codeine, 5489 hydrocodone, 7804 oxycodone, 3423 hydromorphone, 4337 fentanyl, 6754 meperidine,
    // 6813 methadone, 10689 tramadol.
    public static readonly MedicationClass Opioids = new("opioid",
        ["morphine", "codeine", "hydrocodone", "oxycodone", "hydromorphone", "oxymorphone", "levorphanol", "fentanyl", "meperidine",
         "methadone", "tramadol", "tapentadol", "buprenorphine"],
        ["7052", "2670", "5489", "7804", "3423", "4337", "6754", "6813", "10689"]);

    /// <summary>
    /// The phenanthrene opioids (morphine and its semi-synthetic relatives): an allergy to one is most likely to recur with
    /// another; the phenylpiperidines (fentanyl, meperidine) and methadone are the usual alternatives.
    /// </summary>
    public static readonly MedicationClass PhenanthreneOpioids = new("phenanthrene opioid",
        ["morphine", "codeine", "hydrocodone", "oxycodone", "hydromorphone", "oxymorphone", "levorphanol"],
        ["7052", "2670", "5489", "7804", "3423"]);

    // 7646 omeprazole, 283742 esomeprazole, 17128 lansoprazole, 40790 pantoprazole, 114979 rabeprazole; 198053 omeprazole 20 MG (cohort).
    public static readonly MedicationClass ProtonPumpInhibitors = new("proton pump inhibitor",
        ["omeprazole", "esomeprazole", "lansoprazole", "dexlansoprazole", "pantoprazole", "rabeprazole"],
        ["7646", "283742", "17128", "40790", "114979", "198053"]);

    // 2556 citalopram, 321988 escitalopram, 4493 fluoxetine, 32937 paroxetine, 36437 sertraline, 42355 fluvoxamine; 312940 sertraline 50 MG (cohort).
    public static readonly MedicationClass Ssris = new("SSRI",
        ["citalopram", "escitalopram", "fluoxetine", "paroxetine", "sertraline", "fluvoxamine"],
        ["2556", "321988", "4493", "32937", "36437", "42355", "312940"]);

    // 596 alprazolam, 6470 lorazepam, 3322 diazepam, 2598 clonazepam, 10355 temazepam.
    public static readonly MedicationClass Benzodiazepines = new("benzodiazepine",
        ["alprazolam", "lorazepam", "diazepam", "clonazepam", "temazepam", "triazolam", "chlordiazepoxide", "clorazepate", "oxazepam",
         "estazolam", "flurazepam", "quazepam", "clobazam", "midazolam"],
        ["596", "6470", "3322", "2598", "10355"]);

    /// <summary>Warfarin and the DOACs as one class, for duplicate anticoagulation.</summary>
    public static readonly MedicationClass OralAnticoagulants = new("oral anticoagulant",
        [.. Warfarin.Ingredients, .. DirectOralAnticoagulants.Ingredients], [.. Warfarin.RxNormCodes, .. DirectOralAnticoagulants.RxNormCodes]);

    /// <summary>
    /// The beta blockers proven in HFrEF. Metoprolol is matched by "metoprolol succinate" only (the tartrate is not
    /// evidence-based in HFrEF), so the metoprolol ingredient code is deliberately absent. 20352 carvedilol, 19484 bisoprolol;
    /// 866412 and 866414 metoprolol succinate extended-release tablets (the cohort and the shared bundles), 200031 carvedilol 6.25 MG (cohort).
    /// </summary>
    public static readonly MedicationClass HeartFailureBetaBlockers = new("evidence-based beta blocker",
        ["carvedilol", "metoprolol succinate", "bisoprolol"], ["20352", "19484", "866412", "866414", "200031"]);

    /// <summary>The steroidal mineralocorticoid receptor antagonists of the HFrEF guideline (finerenone is not one of its pillars).</summary>
    public static readonly MedicationClass MineralocorticoidReceptorAntagonists = new("mineralocorticoid receptor antagonist",
        ["spironolactone", "eplerenone"], ["9997", "298869", "313096"]);

    // 1488564 dapagliflozin, 1545653 empagliflozin (the cohort's code too).
    public static readonly MedicationClass HeartFailureSglt2Inhibitors = new("SGLT2 inhibitor",
        ["dapagliflozin", "empagliflozin", "sotagliflozin"], ["1488564", "1545653"]);

    /// <summary>Angiotensin receptor-neprilysin inhibitor: sacubitril/valsartan (also an ARB by its valsartan).</summary>
    public static readonly MedicationClass Arni = new("angiotensin receptor-neprilysin inhibitor", ["sacubitril"], ["1656328", "1656340"]);

    // Teratogens (names only unless a code is given above for the class): the pregnancy table groups them.
    public static readonly MedicationClass Retinoids = new("oral retinoid", ["isotretinoin", "acitretin"], ["6064"]);
    public static readonly MedicationClass Valproate = new("valproate", ["valproate", "valproic acid", "divalproex"], []);
    public static readonly MedicationClass Methotrexate = new("methotrexate", ["methotrexate"], ["6851"]);
    public static readonly MedicationClass Mycophenolate = new("mycophenolate", ["mycophenolate", "mycophenolic acid"], []);
    public static readonly MedicationClass Leflunomide = new("leflunomide", ["leflunomide", "teriflunomide"], []);
    public static readonly MedicationClass ThalidomideAnalogues = new("thalidomide analogue", ["thalidomide", "lenalidomide", "pomalidomide"], []);
    public static readonly MedicationClass Misoprostol = new("misoprostol", ["misoprostol"], []);
    public static readonly MedicationClass Ribavirin = new("ribavirin", ["ribavirin"], []);
    public static readonly MedicationClass FiveAlphaReductaseInhibitors = new("5-alpha reductase inhibitor", ["finasteride", "dutasteride"], []);
    public static readonly MedicationClass EndothelinReceptorAntagonists = new("endothelin receptor antagonist", ["bosentan", "ambrisentan", "macitentan"], []);
    public static readonly MedicationClass TeratogenicAntiepileptics = new("antiepileptic with known teratogenic risk", ["carbamazepine", "phenytoin", "topiramate"], []);
    public static readonly MedicationClass Lithium = new("lithium", ["lithium"], []);
    public static readonly MedicationClass Tetracyclines = new("tetracycline", ["doxycycline", "minocycline", "tetracycline", "demeclocycline"], []);

    // Beers criteria groups (AGS 2023, table 2: avoid in older adults). Codes: 3498 diphenhydramine, 5553 hydroxyzine,
    // 2400 chlorpheniramine; 1049630 diphenhydramine 25 MG tablet and 477045 chlorpheniramine oral solution (shared bundles).
    public static readonly MedicationClass FirstGenerationAntihistamines = new("first-generation antihistamine",
        ["diphenhydramine", "hydroxyzine", "chlorpheniramine", "brompheniramine", "carbinoxamine", "clemastine", "cyproheptadine",
         "dexchlorpheniramine", "dimenhydrinate", "doxylamine", "meclizine", "promethazine", "triprolidine"],
        ["3498", "5553", "2400", "1049630", "477045"]);

    public static readonly MedicationClass Antispasmodics = new("anticholinergic antispasmodic",
        ["dicyclomine", "hyoscyamine", "scopolamine", "methscopolamine", "propantheline", "clidinium", "belladonna"], []);

    // 704 amitriptyline, 32937 paroxetine.
    public static readonly MedicationClass AnticholinergicAntidepressants = new("strongly anticholinergic antidepressant",
        ["amitriptyline", "amoxapine", "clomipramine", "desipramine", "doxepin", "imipramine", "nortriptyline", "paroxetine",
         "protriptyline", "trimipramine"],
        ["704", "32937"]);

    public static readonly MedicationClass Barbiturates = new("barbiturate",
        ["butalbital", "phenobarbital", "secobarbital", "pentobarbital", "butabarbital"], []);

    // 39993 zolpidem.
    public static readonly MedicationClass ZDrugs = new("nonbenzodiazepine hypnotic (Z-drug)", ["zolpidem", "zaleplon", "eszopiclone"], ["39993"]);

    // 4815 glyburide, 25789 glimepiride, 4821 glipizide; 310490 glipizide 5 MG (cohort).
    public static readonly MedicationClass Sulfonylureas = new("sulfonylurea",
        ["glyburide", "glibenclamide", "glimepiride", "glipizide", "chlorpropamide", "tolbutamide", "tolazamide"],
        ["4815", "25789", "4821", "310490"]);

    public static readonly MedicationClass Meperidine = new("meperidine", ["meperidine", "pethidine"], ["6754"]);

    // 21949 cyclobenzaprine.
    public static readonly MedicationClass SkeletalMuscleRelaxants = new("skeletal muscle relaxant",
        ["carisoprodol", "chlorzoxazone", "cyclobenzaprine", "metaxalone", "methocarbamol", "orphenadrine"], ["21949"]);

    public static readonly MedicationClass Megestrol = new("megestrol", ["megestrol"], []);

    public static readonly MedicationClass SystemicEstrogens = new("estrogen",
        ["estradiol", "conjugated estrogens", "esterified estrogens", "estropipate"], []);

    /// <summary>Warfarin and the DOACs.</summary>
    public static IReadOnlyList<MedicationClass> Anticoagulants { get; } = [Warfarin, DirectOralAnticoagulants];

    /// <summary>The drugs that raise potassium.</summary>
    public static IReadOnlyList<MedicationClass> PotassiumRaising { get; } = [AceInhibitors, AngiotensinReceptorBlockers, PotassiumSparingDiuretics];
}
