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

    /// <summary>Warfarin and the DOACs.</summary>
    public static IReadOnlyList<MedicationClass> Anticoagulants { get; } = [Warfarin, DirectOralAnticoagulants];

    /// <summary>The drugs that raise potassium.</summary>
    public static IReadOnlyList<MedicationClass> PotassiumRaising { get; } = [AceInhibitors, AngiotensinReceptorBlockers, PotassiumSparingDiuretics];
}
