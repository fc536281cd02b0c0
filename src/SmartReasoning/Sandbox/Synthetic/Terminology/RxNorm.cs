namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>How a medication is taken, for Dosage.route.</summary>
internal enum DrugRoute { Oral, Inhaled }

/// <summary>
/// An RxNorm clinical drug and the sig it is usually prescribed with: the dosage text, the dose per administration
/// (UCUM annotation unit such as <c>{tbl}</c>), how many times per period, as needed or not, and the quantity
/// dispensed for ninety days (or one fill for courses and as-needed drugs).
/// </summary>
internal sealed record Drug(
    string Code, string Display, string Sig, decimal Dose, string DoseUnit, int Frequency, int Period, string PeriodUnit,
    bool AsNeeded = false, DrugRoute Route = DrugRoute.Oral, int DispenseQuantity = 90, int? CourseDays = null);

/// <summary>The medication catalogue (RxNorm SCDs).</summary>
internal static class RxNorm
{
    private static Drug Daily(string code, string display, string sig, decimal dose = 1, int timesPerDay = 1) =>
        new(code, display, sig, dose, "{tbl}", timesPerDay, 1, "d", DispenseQuantity: (int)(90 * dose * timesPerDay));

    // Diabetes
    public static readonly Drug Metformin = Daily("860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet",
        "Take 2 tablets (1,000 mg) by mouth once daily with the evening meal", dose: 2);
    public static readonly Drug Glipizide = Daily("310490", "glipizide 5 MG Oral Tablet", "Take 1 tablet by mouth once daily 30 minutes before breakfast");
    public static readonly Drug Empagliflozin = Daily("1545653", "empagliflozin 10 MG Oral Tablet", "Take 1 tablet by mouth once daily in the morning");

    // Blood pressure and heart
    public static readonly Drug Lisinopril10 = Daily("314076", "lisinopril 10 MG Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug Lisinopril20 = Daily("314077", "lisinopril 20 MG Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug Amlodipine = Daily("197361", "amlodipine 5 MG Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug Hydrochlorothiazide = Daily("310798", "hydrochlorothiazide 25 MG Oral Tablet", "Take 1 tablet by mouth once daily in the morning");
    public static readonly Drug MetoprololSuccinate = Daily("866412", "24 HR metoprolol succinate 25 MG Extended Release Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug MetoprololTartrate = Daily("866924", "metoprolol tartrate 25 MG Oral Tablet", "Take 1 tablet by mouth twice daily", timesPerDay: 2);
    public static readonly Drug Carvedilol = Daily("200031", "carvedilol 6.25 MG Oral Tablet", "Take 1 tablet by mouth twice daily with food", timesPerDay: 2);
    public static readonly Drug SacubitrilValsartan = Daily("1656340", "sacubitril 24 MG / valsartan 26 MG Oral Tablet", "Take 1 tablet by mouth twice daily", timesPerDay: 2);
    public static readonly Drug Spironolactone = Daily("313096", "spironolactone 25 MG Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug Furosemide = Daily("313988", "furosemide 40 MG Oral Tablet", "Take 1 tablet by mouth once daily in the morning");
    public static readonly Drug Aspirin = Daily("243670", "aspirin 81 MG Oral Tablet", "Take 1 tablet by mouth once daily");

    // Lipids (the statins also define "on a statin" for the tests)
    public static readonly Drug Atorvastatin = Daily("617312", "atorvastatin 10 MG Oral Tablet", "Take 1 tablet by mouth once daily at bedtime");

    // Anticoagulants
    public static readonly Drug Warfarin = Daily("855332", "warfarin sodium 5 MG Oral Tablet",
        "Take 1 tablet by mouth once daily in the evening, or as directed by the anticoagulation clinic based on INR");
    public static readonly Drug Apixaban = Daily("1364430", "apixaban 5 MG Oral Tablet", "Take 1 tablet by mouth twice daily", timesPerDay: 2);

    // Pain
    public static readonly Drug Ibuprofen = new("197805", "ibuprofen 400 MG Oral Tablet",
        "Take 1 tablet by mouth three times daily with food as needed for knee pain", 1, "{tbl}", 3, 1, "d", AsNeeded: true, DispenseQuantity: 90);
    public static readonly Drug Acetaminophen = new("198440", "acetaminophen 500 MG Oral Tablet",
        "Take 2 tablets by mouth every 8 hours as needed for pain; no more than 3,000 mg a day", 2, "{tbl}", 1, 8, "h", AsNeeded: true, DispenseQuantity: 100);
    public static readonly Drug Gabapentin = Daily("310431", "gabapentin 300 MG Oral Capsule", "Take 1 capsule by mouth three times daily", timesPerDay: 3);

    // Respiratory and allergy
    public static readonly Drug Albuterol = new("745752", "albuterol 0.09 MG/ACTUAT Metered Dose Inhaler, 200 ACTUAT",
        "Inhale 2 puffs every 4 to 6 hours as needed for wheezing or shortness of breath", 2, "{puff}", 1, 4, "h",
        AsNeeded: true, Route: DrugRoute.Inhaled, DispenseQuantity: 1);
    public static readonly Drug Fluticasone = new("895994", "fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler, 120 ACTUAT",
        "Inhale 2 puffs twice daily with a spacer; rinse mouth after use", 2, "{puff}", 2, 1, "d", Route: DrugRoute.Inhaled, DispenseQuantity: 1);
    public static readonly Drug Montelukast = Daily("200224", "montelukast 5 MG Chewable Tablet", "Chew 1 tablet by mouth once daily in the evening");
    public static readonly Drug Loratadine = new("311372", "loratadine 10 MG Oral Tablet",
        "Take 1 tablet by mouth once daily as needed for allergy symptoms", 1, "{tbl}", 1, 1, "d", AsNeeded: true, DispenseQuantity: 30);

    // Antibiotics (courses)
    public static readonly Drug Amoxicillin = new("308191", "amoxicillin 500 MG Oral Capsule",
        "Take 1 capsule by mouth three times daily for 10 days", 1, "{cap}", 3, 1, "d", DispenseQuantity: 30, CourseDays: 10);
    public static readonly Drug Azithromycin = new("308460", "azithromycin 250 MG Oral Tablet",
        "Take 2 tablets by mouth on day 1, then 1 tablet once daily on days 2 to 5", 1, "{tbl}", 1, 1, "d", DispenseQuantity: 6, CourseDays: 5);

    // Other chronic medications
    public static readonly Drug Levothyroxine = Daily("966222", "levothyroxine sodium 0.05 MG Oral Tablet", "Take 1 tablet by mouth once daily on an empty stomach");
    public static readonly Drug Omeprazole = Daily("198053", "omeprazole 20 MG Delayed Release Oral Capsule", "Take 1 capsule by mouth once daily before breakfast");
    public static readonly Drug Alendronate = new("904419", "alendronic acid 70 MG Oral Tablet",
        "Take 1 tablet by mouth once weekly with a full glass of water, 30 minutes before food; stay upright", 1, "{tbl}", 1, 1, "wk", DispenseQuantity: 12);
    public static readonly Drug Tamsulosin = Daily("863669", "tamsulosin hydrochloride 0.4 MG Oral Capsule", "Take 1 capsule by mouth once daily 30 minutes after the same meal");
    public static readonly Drug Sertraline = Daily("312940", "sertraline 50 MG Oral Tablet", "Take 1 tablet by mouth once daily");

    // Pregnancy
    public static readonly Drug FolicAcid = Daily("310410", "folic acid 1 MG Oral Tablet", "Take 1 tablet by mouth once daily");
    public static readonly Drug FerrousSulfate = Daily("310325", "ferrous sulfate 325 MG Oral Tablet", "Take 1 tablet by mouth once daily with orange juice");
}
