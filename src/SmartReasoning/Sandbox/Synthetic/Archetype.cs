using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>The clinical stories the synthetic cohort tells, one patient each in <see cref="SyntheticCohort.Generate"/>.</summary>
public enum Archetype
{
    /// <summary>Type 2 diabetes on metformin whose HbA1c keeps rising.</summary>
    Type2Diabetes,
    /// <summary>Diabetic chronic kidney disease, eGFR falling below 30, metformin still active.</summary>
    ChronicKidneyDiseaseOnMetformin,
    /// <summary>Atrial fibrillation, CHA2DS2-VASc of 4 or more, never anticoagulated.</summary>
    AtrialFibrillationNoAnticoagulant,
    /// <summary>Ischaemic heart failure with reduced ejection fraction on guideline-directed therapy.</summary>
    HeartFailureReducedEjectionFraction,
    /// <summary>Hypertension above target at every visit despite two drugs.</summary>
    UncontrolledHypertension,
    /// <summary>Hyperlipidaemia with LDL above 160 mg/dL and no statin.</summary>
    HyperlipidemiaNoStatin,
    /// <summary>Warfarin for atrial fibrillation, then ibuprofen for knee osteoarthritis, both active.</summary>
    WarfarinWithNsaid,
    /// <summary>A severe penicillin allergy recorded after a reaction to amoxicillin.</summary>
    PenicillinAllergy,
    /// <summary>A child with mild persistent asthma, controller and rescue inhalers, exacerbations.</summary>
    PediatricAsthma,
    /// <summary>An active second pregnancy in the second trimester, with prenatal visits.</summary>
    Pregnancy,
    /// <summary>A patient in their eighties with many problems and more than ten active medications.</summary>
    ElderlyPolypharmacy,
    /// <summary>Almost nothing: two urgent visits years apart.</summary>
    SparseRecord,
}

/// <summary>
/// How a generated patient says which archetype it is: a <c>Patient.meta.tag</c> with <see cref="System"/> and
/// the archetype's code. The tag survives storage on any FHIR server, so it also marks loaded patients.
/// </summary>
public static class ArchetypeTag
{
    /// <summary>The code system of the tag.</summary>
    public const string System = "https://smartreasoning.dev/fhir/CodeSystem/synthetic-archetype";

    private static readonly string[] Codes =
    [
        "type-2-diabetes", "ckd-on-metformin", "afib-no-anticoagulant", "hfref", "uncontrolled-hypertension",
        "hyperlipidemia-no-statin", "warfarin-nsaid", "penicillin-allergy", "pediatric-asthma", "pregnancy",
        "elderly-polypharmacy", "sparse-record",
    ];

    private static readonly string[] Displays =
    [
        "Type 2 diabetes with rising HbA1c", "Chronic kidney disease with falling eGFR on metformin",
        "Atrial fibrillation with high CHA2DS2-VASc and no anticoagulant", "Heart failure with reduced ejection fraction",
        "Uncontrolled hypertension", "Hyperlipidemia without a statin", "Warfarin with an NSAID", "Penicillin allergy",
        "Pediatric asthma", "Active pregnancy", "Elderly patient on more than ten medications", "Sparse record",
    ];

    /// <summary>The tag code of an archetype, e.g. <c>type-2-diabetes</c>.</summary>
    public static string CodeOf(Archetype archetype) => Codes[(int)archetype];

    /// <summary>A human-readable description of an archetype.</summary>
    public static string DisplayOf(Archetype archetype) => Displays[(int)archetype];

    /// <summary>The archetype whose tag code this is, or null.</summary>
    public static Archetype? FromCode(string? code)
    {
        var i = Array.IndexOf(Codes, code);
        return i < 0 ? null : (Archetype)i;
    }

    /// <summary>The tag as a Coding, for <c>meta.tag</c>.</summary>
    public static Coding ToCoding(Archetype archetype) => new()
    {
        System = new FhirUri { Value = System },
        Code = new Code { Value = CodeOf(archetype) },
        Display = new FhirString { Value = DisplayOf(archetype) },
    };

    /// <summary>The archetype a generated Patient is tagged with, or null for any other patient.</summary>
    public static Archetype? Of(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (patient.Meta is not { } meta) return null;
        foreach (var tag in meta.Tag)
            if (tag.System?.Value == System && FromCode(tag.Code?.Value) is { } archetype) return archetype;
        return null;
    }

    /// <summary>The archetype of the (first) Patient in a generated Bundle, or null.</summary>
    public static Archetype? Of(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        foreach (var entry in bundle.Entry)
            if (entry.Resource is Patient patient) return Of(patient);
        return null;
    }
}
