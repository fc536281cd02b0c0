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

    public static readonly GuidelineSource DrugAllergyPracticeParameter2022 = new(
        "Drug allergy: a 2022 practice parameter update (AAAAI/ACAAI Joint Task Force on Practice Parameters)",
        "https://doi.org/10.1016/j.jaci.2022.08.028");

    public static readonly GuidelineSource FdaPregnancyLabeling = new(
        "FDA drug labeling: pregnancy contraindications and boxed warnings (Pregnancy and Lactation Labeling Rule)",
        "https://www.fda.gov/drugs/labeling-information-drug-products/pregnancy-and-lactation-labeling-drugs-final-rule");

    public static readonly GuidelineSource AshpPreventingMedicationErrors2018 = new(
        "ASHP Guidelines on Preventing Medication Errors in Hospitals (2018): screening orders for therapeutic duplication",
        "https://www.ashp.org/-/media/assets/policy-guidelines/docs/guidelines/preventing-medication-errors-hospitals.pdf");

    public static readonly GuidelineSource IsthMajorBleeding2005 = new(
        "ISTH definition of major bleeding in non-surgical patients (Schulman and Kearon, 2005): a fall in haemoglobin of 2 g/dL or more",
        "https://doi.org/10.1111/j.1538-7836.2005.01204.x");

    public static readonly GuidelineSource WhoAnaemiaCutoffs2024 = new(
        "WHO Guideline on haemoglobin cutoffs to define anaemia in individuals and populations (2024)",
        "https://www.who.int/publications/i/item/9789240088542");

    public static readonly GuidelineSource AhaAccHfsaHeartFailure2022 = new(
        "2022 AHA/ACC/HFSA Guideline for the Management of Heart Failure",
        "https://doi.org/10.1161/CIR.0000000000001063");

    public static readonly GuidelineSource AgsBeers2023 = new(
        "American Geriatrics Society 2023 Updated AGS Beers Criteria for Potentially Inappropriate Medication Use in Older Adults",
        "https://doi.org/10.1111/jgs.18372");
}
