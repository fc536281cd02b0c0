using SmartReasoning.Fhir.Model;

namespace SmartReasoning.WriteBack;

/// <summary>
/// The canonical URLs, systems and codes of what we write (fhir-profiles/): our three profiles, HL7 AI Transparency on
/// FHIR's label, device type and confidence extension, and the identifier systems that make writes idempotent.
/// </summary>
public static class AiTransparencyCodes
{
    public const string CanonicalBase = "https://smartreasoning.dev/fhir";
    public const string ObservationProfile = CanonicalBase + "/StructureDefinition/ai-finding-observation";
    public const string ProvenanceProfile = CanonicalBase + "/StructureDefinition/ai-provenance";
    public const string DeviceProfile = CanonicalBase + "/StructureDefinition/ai-device";

    public const string CategorySystem = CanonicalBase + "/CodeSystem/finding-category";
    public const string SeveritySystem = CanonicalBase + "/CodeSystem/finding-severity";

    /// <summary>Observation.identifier (and Provenance.target.identifier) system of a finding's fingerprint.</summary>
    public const string FingerprintSystem = CanonicalBase + "/finding-fingerprint";

    /// <summary>Device.identifier system of a reasoner: the value is <c>name@version</c>.</summary>
    public const string ReasonerSystem = CanonicalBase + "/reasoner";

    public const string ObservationValueSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    public const string DeviceTypeSystem = "http://hl7.org/fhir/uv/aitransparency/CodeSystem/AIdeviceTypeCS";
    public const string ConfidenceExtension = "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AIconfidence";
    public const string InterpretationSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public const string ParticipantTypeSystem = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string DataOperationSystem = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    /// <summary>The security label and Provenance reason: asserted by Artificial Intelligence.</summary>
    public static Coding AiAsserted() => Coding(ObservationValueSystem, "AIAST", "Artificial Intelligence asserted");

    /// <summary>The Device type and the Provenance agent role of an AI system.</summary>
    public static CodeableConcept ArtificialIntelligence() => Concept(Coding(DeviceTypeSystem, "Artificial-Intelligence", "All kinds of Artificial Intelligence"));

    public static CodeableConcept AiFindingCategory() => Concept(Coding(CategorySystem, "ai-finding", "AI finding"));

    public static CodeableConcept Author() => Concept(Coding(ParticipantTypeSystem, "author", "Author"));

    public static CodeableConcept Verifier() => Concept(Coding(ParticipantTypeSystem, "verifier", "Verifier"));

    public static CodeableConcept Create() => Concept(Coding(DataOperationSystem, "CREATE", "create"));

    public static Coding Coding(string system, string code, string? display = null) => new()
    {
        System = new FhirUri { Value = system },
        Code = new Code { Value = code },
        Display = display is null ? null : new FhirString { Value = display },
    };

    public static CodeableConcept Concept(params Coding[] codings) => new() { Coding = [.. codings] };

    public static Identifier Identifier(string system, string value) => new()
    {
        System = new FhirUri { Value = system },
        Value = new FhirString { Value = value },
    };

    public static Reference Reference(string reference) => new() { ReferenceValue = new FhirString { Value = reference } };

    /// <summary>A token search value <c>system|value</c>, escaping what FHIR search treats as separators in the value.</summary>
    public static string TokenQuery(string system, string value) =>
        system + "|" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal);
}
