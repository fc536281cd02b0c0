namespace SmartReasoning.Reason;

/// <summary>The guidelines the rules cite.</summary>
public static class Guidelines
{
    public static readonly GuidelineSource FdaMetforminRenal = new(
        "FDA Drug Safety Communication (2016): metformin in patients with reduced kidney function",
        "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-fda-revises-warnings-regarding-use-diabetes-medicine-metformin-certain");

    public static readonly GuidelineSource AccAhaAtrialFibrillation2023 = new(
        "2023 ACC/AHA/ACCP/HRS Guideline for the Diagnosis and Management of Atrial Fibrillation",
        "https://doi.org/10.1161/CIR.0000000000001193");

    public static readonly GuidelineSource Kdigo2024Ckd = new(
        "KDIGO 2024 Clinical Practice Guideline for the Evaluation and Management of Chronic Kidney Disease",
        "https://kdigo.org/guidelines/ckd-evaluation-and-management/");

    public static readonly GuidelineSource AdaGlycemicGoals2025 = new(
        "ADA Standards of Care in Diabetes 2025, section 6: Glycemic Goals and Hypoglycemia",
        "https://doi.org/10.2337/dc25-S006");

    public static readonly GuidelineSource AhaAccCholesterol2018 = new(
        "2018 AHA/ACC Guideline on the Management of Blood Cholesterol",
        "https://doi.org/10.1161/CIR.0000000000000625");

    public static readonly GuidelineSource AccAhaBloodPressure2017 = new(
        "2017 ACC/AHA Guideline for the Prevention, Detection, Evaluation, and Management of High Blood Pressure in Adults",
        "https://doi.org/10.1161/HYP.0000000000000065");

    public static readonly GuidelineSource CredibleMedsQtDrugs = new(
        "CredibleMeds QTdrugs list (drugs with known risk of torsades de pointes)",
        "https://crediblemeds.org/");
}
