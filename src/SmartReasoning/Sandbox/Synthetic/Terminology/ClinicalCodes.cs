namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>A code in some system, with its display.</summary>
internal sealed record Concept(string System, string Code, string Display);

/// <summary>An allergen coded as US Core asks: RxNorm for drugs, SNOMED CT substances otherwise (or both).</summary>
internal sealed record Allergen(string Text, params Concept[] Codings);

/// <summary>SNOMED CT and HL7 codes used beside the main catalogues: encounter types, reactions, findings, procedures.</summary>
internal static class ClinicalCodes
{
    private static Concept Sct(string code, string display) => new(CodeSystems.Snomed, code, display);

    // Allergens
    public static readonly Allergen Penicillin = new("Penicillin",
        new Concept(CodeSystems.RxNorm, "70618", "Penicillin"), Sct("764146007", "Penicillin (substance)"));
    public static readonly Allergen Codeine = new("Codeine",
        new Concept(CodeSystems.RxNorm, "2670", "codeine"), Sct("387494007", "Codeine (substance)"));
    public static readonly Allergen Sulfamethoxazole = new("Sulfa drugs",
        new Concept(CodeSystems.RxNorm, "10180", "sulfamethoxazole"));
    public static readonly Allergen HouseDustMite = new("Dust mites", Sct("260147004", "House dust mite (organism)"));

    // Reactions (manifestations)
    public static readonly Concept Hives = Sct("126485001", "Urticaria");
    public static readonly Concept Angioedema = Sct("41291007", "Angioedema");
    public static readonly Concept Nausea = Sct("422587007", "Nausea");
    public static readonly Concept SkinRash = Sct("271807003", "Eruption of skin");
    public static readonly Concept Sneezing = Sct("76067001", "Sneezing");
    public static readonly Concept Wheezing = Sct("56018004", "Wheezing");

    // Findings used as observation values
    public static readonly Concept NeverSmoker = Sct("266919005", "Never smoked tobacco");
    public static readonly Concept FormerSmoker = Sct("8517006", "Ex-smoker");
    public static readonly Concept CurrentSmoker = Sct("77176002", "Smoker");
    public static readonly Concept Pregnant = Sct("77386006", "Pregnant");
    public static readonly Concept Positive = Sct("10828004", "Positive");

    // Procedures
    public static readonly Concept Echocardiography = Sct("40701008", "Echocardiography");
    public static readonly Concept ObstetricUltrasound = Sct("268445003", "Ultrasound scan - obstetric");
    public static readonly Concept NebulizerTherapy = Sct("56251003", "Nebulizer therapy");
}
