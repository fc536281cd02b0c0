namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>A problem coded twice, as problem lists are: SNOMED CT for the concept, ICD-10-CM for billing.</summary>
internal sealed record Problem(string Snomed, string SnomedDisplay, string Icd10, string Icd10Display);

/// <summary>The problem catalogue.</summary>
internal static class Problems
{
    // Cardiometabolic
    public static readonly Problem Prediabetes = new("714628002", "Prediabetes", "R73.03", "Prediabetes");
    public static readonly Problem Type2Diabetes = new("44054006", "Diabetes mellitus type 2", "E11.9", "Type 2 diabetes mellitus without complications");
    public static readonly Problem Type2DiabetesHyperglycemia = new("44054006", "Diabetes mellitus type 2", "E11.65", "Type 2 diabetes mellitus with hyperglycemia");
    public static readonly Problem DiabeticKidneyDisease = new("127013003", "Disorder of kidney due to diabetes mellitus", "E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease");
    public static readonly Problem DiabeticNeuropathy = new("230572002", "Diabetic neuropathy", "E11.40", "Type 2 diabetes mellitus with diabetic neuropathy, unspecified");
    public static readonly Problem Hypertension = new("59621000", "Essential hypertension", "I10", "Essential (primary) hypertension");
    public static readonly Problem Hyperlipidemia = new("55822004", "Hyperlipidemia", "E78.5", "Hyperlipidemia, unspecified");
    public static readonly Problem Hypercholesterolemia = new("13644009", "Hypercholesterolemia", "E78.00", "Pure hypercholesterolemia, unspecified");
    public static readonly Problem Obesity = new("414916001", "Obesity", "E66.9", "Obesity, unspecified");
    public static readonly Problem CoronaryArteryDisease = new("53741008", "Coronary arteriosclerosis", "I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris");
    public static readonly Problem OldMyocardialInfarction = new("399211009", "History of myocardial infarction", "I25.2", "Old myocardial infarction");
    public static readonly Problem AtrialFibrillation = new("49436004", "Atrial fibrillation", "I48.91", "Unspecified atrial fibrillation");
    public static readonly Problem HeartFailureReducedEf = new("703272007", "Heart failure with reduced ejection fraction", "I50.22", "Chronic systolic (congestive) heart failure");
    public static readonly Problem AcuteOnChronicHeartFailure = new("10633002", "Acute congestive heart failure", "I50.23", "Acute on chronic systolic (congestive) heart failure");
    public static readonly Problem TransientIschemicAttack = new("266257000", "Transient ischemic attack", "G45.9", "Transient cerebral ischemic attack, unspecified");

    // Kidney
    public static readonly Problem Ckd2 = new("431856006", "Chronic kidney disease stage 2", "N18.2", "Chronic kidney disease, stage 2 (mild)");
    public static readonly Problem Ckd3a = new("700378005", "Chronic kidney disease stage 3A", "N18.31", "Chronic kidney disease, stage 3a");
    public static readonly Problem Ckd3b = new("700379002", "Chronic kidney disease stage 3B", "N18.32", "Chronic kidney disease, stage 3b");
    public static readonly Problem Ckd4 = new("431857002", "Chronic kidney disease stage 4", "N18.4", "Chronic kidney disease, stage 4 (severe)");
    public static readonly Problem AnemiaInCkd = new("271737000", "Anemia", "D63.1", "Anemia in chronic kidney disease");

    // Respiratory and allergy
    public static readonly Problem MildPersistentAsthma = new("426979002", "Mild persistent asthma", "J45.30", "Mild persistent asthma, uncomplicated");
    public static readonly Problem AsthmaExacerbation = new("708038006", "Acute exacerbation of asthma", "J45.31", "Mild persistent asthma with (acute) exacerbation");
    public static readonly Problem AllergicRhinitis = new("61582004", "Allergic rhinitis", "J30.9", "Allergic rhinitis, unspecified");
    public static readonly Problem AcuteSinusitis = new("15805002", "Acute sinusitis", "J01.90", "Acute sinusitis, unspecified");
    public static readonly Problem StreptococcalPharyngitis = new("43878008", "Streptococcal sore throat", "J02.0", "Streptococcal pharyngitis");
    public static readonly Problem UpperRespiratoryInfection = new("54150009", "Upper respiratory infection", "J06.9", "Acute upper respiratory infection, unspecified");
    public static readonly Problem AcuteBronchitis = new("10509002", "Acute bronchitis", "J20.9", "Acute bronchitis, unspecified");
    public static readonly Problem Urticaria = new("126485001", "Urticaria", "L50.0", "Allergic urticaria");

    // Other chronic problems
    public static readonly Problem KneeOsteoarthritis = new("239873007", "Osteoarthritis of knee", "M17.9", "Osteoarthritis of knee, unspecified");
    public static readonly Problem Hypothyroidism = new("40930008", "Hypothyroidism", "E03.9", "Hypothyroidism, unspecified");
    public static readonly Problem Gerd = new("235595009", "Gastroesophageal reflux disease", "K21.9", "Gastro-esophageal reflux disease without esophagitis");
    public static readonly Problem Osteoporosis = new("64859006", "Osteoporosis", "M81.0", "Age-related osteoporosis without current pathological fracture");
    public static readonly Problem Depression = new("35489007", "Depressive disorder", "F32.A", "Depression, unspecified");
    public static readonly Problem BenignProstaticHyperplasia = new("266569009", "Benign prostatic hyperplasia", "N40.0", "Benign prostatic hyperplasia without lower urinary tract symptoms");
    public static readonly Problem TobaccoUse = new("77176002", "Smoker", "F17.210", "Nicotine dependence, cigarettes, uncomplicated");
    public static readonly Problem AnkleSprain = new("44465007", "Sprain of ankle", "S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter");

    // Pregnancy
    public static readonly Problem PregnancyFirstTrimester = new("72892002", "Normal pregnancy", "Z34.81", "Encounter for supervision of other normal pregnancy, first trimester");
    public static readonly Problem PregnancySecondTrimester = new("72892002", "Normal pregnancy", "Z34.82", "Encounter for supervision of other normal pregnancy, second trimester");
    public static readonly Problem PregnancyThirdTrimester = new("72892002", "Normal pregnancy", "Z34.83", "Encounter for supervision of other normal pregnancy, third trimester");
    public static readonly Problem FirstPregnancy = new("72892002", "Normal pregnancy", "Z34.00", "Encounter for supervision of normal first pregnancy, unspecified trimester");
}
