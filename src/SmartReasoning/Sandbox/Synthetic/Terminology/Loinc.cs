namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>The US Core category an Observation belongs to (observation-category code).</summary>
internal enum ObservationKind { Laboratory, VitalSigns, Exam, Imaging, SocialHistory }

/// <summary>
/// A LOINC-coded observation: its display, unit (UCUM code and printed unit), category, US Core profile, the
/// number of decimals results are reported with and the reference range used for interpretation flags.
/// </summary>
internal sealed record LoincTest(
    string Code, string Display, string? Unit, string? UcumCode, ObservationKind Kind, string Profile,
    int Decimals = 0, double? Low = null, double? High = null);

/// <summary>A LOINC-coded panel that becomes a DiagnosticReport over its results.</summary>
internal sealed record LoincPanel(string Code, string Display);

/// <summary>The LOINC catalogue: labs, vital signs, exam and social-history observations, panels.</summary>
internal static class Loinc
{
    private static LoincTest Lab(string code, string display, string unit, string ucum, int decimals, double? low, double? high) =>
        new(code, display, unit, ucum, ObservationKind.Laboratory, UsCore.ObservationLab, decimals, low, high);

    private static LoincTest Vital(string code, string display, string unit, string ucum, string profile, int decimals = 0) =>
        new(code, display, unit, ucum, ObservationKind.VitalSigns, profile, decimals);

    // Chemistry
    public static readonly LoincTest HbA1c = Lab("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "%", 1, 4.0, 5.6);
    public static readonly LoincTest Glucose = Lab("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0, 70, 99);
    public static readonly LoincTest UreaNitrogen = Lab("3094-0", "Urea nitrogen [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0, 7, 20);
    public static readonly LoincTest Creatinine = Lab("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 2, 0.6, 1.3);
    public static readonly LoincTest Sodium = Lab("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 0, 136, 145);
    public static readonly LoincTest Potassium = Lab("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 1, 3.5, 5.1);
    public static readonly LoincTest Chloride = Lab("2075-0", "Chloride [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 0, 98, 107);
    public static readonly LoincTest Bicarbonate = Lab("2028-9", "Carbon dioxide, total [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 0, 22, 29);
    public static readonly LoincTest Calcium = Lab("17861-6", "Calcium [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 1, 8.6, 10.3);
    public static readonly LoincTest EgfrMdrd = Lab("33914-3",
        "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)",
        "mL/min/1.73m2", "mL/min/{1.73_m2}", 0, 60, null);
    public static readonly LoincTest EgfrCkdEpi = Lab("62238-1",
        "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (CKD-EPI)",
        "mL/min/1.73m2", "mL/min/{1.73_m2}", 0, 60, null);
    public static readonly LoincTest AlanineAminotransferase = Lab("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", "U/L", 0, 7, 56);
    public static readonly LoincTest UrineAlbuminCreatinine = Lab("14959-1", "Microalbumin/Creatinine [Mass Ratio] in Urine", "mg/g", "mg/g", 0, null, 30);
    public static readonly LoincTest Tsh = Lab("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "mIU/L", "m[IU]/L", 2, 0.45, 4.5);
    public static readonly LoincTest NtProBnp = Lab("33762-6", "Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma", "pg/mL", "pg/mL", 0, null, 125);
    public static readonly LoincTest GlucoseChallenge = Lab("1504-0", "Glucose [Mass/volume] in Serum or Plasma --1 hour post 50 g glucose PO", "mg/dL", "mg/dL", 0, null, 140);

    // Lipids
    public static readonly LoincTest Cholesterol = Lab("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0, null, 200);
    public static readonly LoincTest Triglyceride = Lab("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0, null, 150);
    public static readonly LoincTest Hdl = Lab("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0, 40, null);
    public static readonly LoincTest LdlCalculated = Lab("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation", "mg/dL", "mg/dL", 0, null, 100);
    public static readonly LoincTest LdlDirect = Lab("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay", "mg/dL", "mg/dL", 0, null, 100);

    // Haematology and coagulation
    public static readonly LoincTest Hemoglobin = Lab("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "g/dL", 1, 12.0, 17.5);
    public static readonly LoincTest Inr = Lab("6301-6", "INR in Platelet poor plasma by Coagulation assay", "INR", "{INR}", 1, 0.8, 1.2);

    // Vital signs
    public static readonly LoincTest BloodPressurePanel = Vital("85354-9", "Blood pressure panel with all children optional", "mmHg", "mm[Hg]", UsCore.BloodPressure);
    public static readonly LoincTest Systolic = Vital("8480-6", "Systolic blood pressure", "mmHg", "mm[Hg]", UsCore.BloodPressure);
    public static readonly LoincTest Diastolic = Vital("8462-4", "Diastolic blood pressure", "mmHg", "mm[Hg]", UsCore.BloodPressure);
    public static readonly LoincTest HeartRate = Vital("8867-4", "Heart rate", "beats/minute", "/min", UsCore.HeartRate);
    public static readonly LoincTest RespiratoryRate = Vital("9279-1", "Respiratory rate", "breaths/minute", "/min", UsCore.RespiratoryRate);
    public static readonly LoincTest BodyTemperature = Vital("8310-5", "Body temperature", "C", "Cel", UsCore.BodyTemperature, 1);
    public static readonly LoincTest OxygenSaturation = Vital("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%", UsCore.PulseOximetry);
    public static readonly LoincTest BodyWeight = Vital("29463-7", "Body weight", "kg", "kg", UsCore.BodyWeight, 1);
    public static readonly LoincTest BodyHeight = Vital("8302-2", "Body height", "cm", "cm", UsCore.BodyHeight, 1);
    public static readonly LoincTest Bmi = Vital("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "kg/m2", UsCore.Bmi, 1);
    public static readonly LoincTest BmiPercentile = Vital("59576-9", "Body mass index (BMI) [Percentile] Per age and sex", "%", "%", UsCore.PediatricBmiForAge);

    // Exam, imaging, social history
    public static readonly LoincTest EjectionFraction = new("10230-1", "Left ventricular Ejection fraction", "%", "%", ObservationKind.Imaging, UsCore.ObservationClinicalResult, 0, 50, null);
    public static readonly LoincTest PeakFlow = new("33452-4", "Maximum expiratory gas flow Respiratory system airway by Peak flow meter", "L/min", "L/min", ObservationKind.Exam, UsCore.SimpleObservation);
    public static readonly LoincTest GestationalAge = new("49051-6", "Gestational age in weeks", "weeks", "wk", ObservationKind.Exam, UsCore.SimpleObservation, 1);
    public static readonly LoincTest EstimatedDeliveryDate = new("11778-8", "Delivery date Estimated", null, null, ObservationKind.Exam, UsCore.SimpleObservation);
    public static readonly LoincTest FundalHeight = new("11881-0", "Uterus Fundal height Tape measure", "cm", "cm", ObservationKind.Exam, UsCore.SimpleObservation);
    public static readonly LoincTest FetalHeartRate = new("55283-6", "Fetal Heart rate", "beats/minute", "/min", ObservationKind.Exam, UsCore.SimpleObservation);
    public static readonly LoincTest HcgUrine = new("2106-3", "Choriogonadotropin (pregnancy test) [Presence] in Urine", null, null, ObservationKind.Laboratory, UsCore.ObservationLab);
    public static readonly LoincTest PregnancyStatus = new("82810-3", "Pregnancy status", null, null, ObservationKind.SocialHistory, UsCore.PregnancyStatus);
    public static readonly LoincTest SmokingStatus = new("72166-2", "Tobacco smoking status", null, null, ObservationKind.SocialHistory, UsCore.SmokingStatus);

    // Panels (DiagnosticReport.code)
    public static readonly LoincPanel BasicMetabolicPanel = new("51990-0", "Basic metabolic panel - Blood");
    public static readonly LoincPanel LipidPanel = new("24331-1", "Lipid 1996 panel - Serum or Plasma");
}
