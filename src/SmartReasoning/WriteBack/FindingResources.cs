using System.Globalization;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using static SmartReasoning.WriteBack.AiTransparencyCodes;

namespace SmartReasoning.WriteBack;

/// <summary>Whom a finding is about and when: the patient (<c>Patient/id</c>), the encounter if any, the record's as-of time.</summary>
public sealed record FindingSubject(string Patient, string? Encounter, DateTimeOffset AsOf);

/// <summary>The accountable organisation a Device names as its owner (a reference, or only a name).</summary>
public sealed record DeviceOwner(string? Reference, string Display)
{
    public static DeviceOwner Default { get; } = new(null, "SmartReasoning");
}

/// <summary>
/// The three resources one finding becomes (fhir-profiles/): the AI finding Observation, its AI Provenance and the AI
/// Device of the reasoner. References between them are <see cref="ObservationRef"/> and <see cref="DeviceRef"/>, the
/// placeholders given (urn:uuid: in a transaction).
/// </summary>
public sealed record FindingResourceSet(string Fingerprint, Observation Observation, Provenance Provenance, Device Device, string ObservationRef, string DeviceRef);

/// <summary>Builds a finding's Observation, Provenance and Device exactly as fhir-profiles/ and its examples say.</summary>
public static class FindingResources
{
    /// <summary>The evidence types R4 lets Observation.derivedFrom hold and our profile keeps; the rest goes only to Provenance.entity.</summary>
    public static IReadOnlySet<string> DerivedFromTypes { get; } = new HashSet<string>(["Observation", "DocumentReference", "QuestionnaireResponse"], StringComparer.Ordinal);

    /// <param name="observationRef">How the Provenance refers to the Observation (a urn:uuid: in a transaction).</param>
    /// <param name="deviceRef">How the Observation and Provenance refer to the Device.</param>
    public static FindingResourceSet Build(Finding finding, FindingSubject subject, ReasonerInfo reasoner, DateTimeOffset issued,
        string observationRef, string deviceRef, DeviceOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(reasoner);
        var fingerprint = FindingFingerprint.Of(finding, subject.Patient, reasoner);
        return new FindingResourceSet(
            fingerprint,
            Observation(finding, subject, issued, fingerprint, deviceRef),
            Provenance(finding, issued, fingerprint, observationRef, deviceRef),
            Device(reasoner, owner ?? DeviceOwner.Default),
            observationRef,
            deviceRef);
    }

    public static Observation Observation(Finding finding, FindingSubject subject, DateTimeOffset issued, string fingerprint, string deviceRef)
    {
        var observation = new Observation
        {
            Meta = new Meta { Profile = [new Canonical { Value = ObservationProfile }], Security = [AiAsserted()] },
            Identifier = [Identifier(FingerprintSystem, fingerprint)],
            Status = ObservationStatus.Preliminary,
            Category = [AiFindingCategory()],
            Code = Concept(Coding(finding.Kind.System, finding.Kind.Code, finding.Kind.Display)),
            Subject = Reference(subject.Patient),
            Encounter = subject.Encounter is { Length: > 0 } encounter ? Reference(encounter) : null,
            Effective = new FhirDateTime { Value = DateTimeText(subject.AsOf) },
            Issued = new Instant { Value = InstantText(issued) },
            Device = Reference(deviceRef),
            Value = new FhirString { Value = finding.Title },
            Interpretation = [Interpretation(finding.Severity)],
            DerivedFrom = [.. Evidence(finding).Where(e => DerivedFromTypes.Contains(TypeOf(e))).Select(Reference)],
        };
        observation.Extension.Add(new Extension
        {
            Url = ConfidenceExtension,
            Value = new FhirDecimal { Value = Math.Round((decimal)finding.Confidence, 4) },
        });
        if (!string.IsNullOrWhiteSpace(finding.Rationale))
            observation.Note.Add(new Annotation { Text = new Markdown { Value = finding.Rationale } });
        return observation;
    }

    public static Provenance Provenance(Finding finding, DateTimeOffset issued, string fingerprint, string observationRef, string deviceRef)
    {
        var target = Reference(observationRef);
        // The target's identifier lets a conditional create find this Provenance by its finding (target:identifier=...).
        target.Identifier = Identifier(FingerprintSystem, fingerprint);
        return new Provenance
        {
            Meta = new Meta { Profile = [new Canonical { Value = ProvenanceProfile }] },
            Target = [target],
            Recorded = new Instant { Value = InstantText(issued) },
            Activity = AiTransparencyCodes.Create(),
            Reason = [Concept(AiAsserted())],
            Agent =
            [
                new Provenance.AgentComponent { Type = Author(), Role = [ArtificialIntelligence()], Who = Reference(deviceRef) },
            ],
            Entity =
            [
                .. Evidence(finding).Select(e => new Provenance.EntityComponent { Role = ProvenanceEntityRole.Source, What = Reference(e) }),
            ],
        };
    }

    public static Device Device(ReasonerInfo reasoner, DeviceOwner owner)
    {
        ArgumentNullException.ThrowIfNull(reasoner);
        ArgumentNullException.ThrowIfNull(owner);
        return new Device
        {
            Meta = new Meta { Profile = [new Canonical { Value = DeviceProfile }] },
            Identifier = [Identifier(ReasonerSystem, DeviceKey(reasoner))],
            Status = FHIRDeviceStatus.Active,
            DeviceName = [new Device.DeviceNameComponent { Name = new FhirString { Value = reasoner.Name }, Type = DeviceNameType.ModelName }],
            Type = ArtificialIntelligence(),
            Version = [new Device.VersionComponent { Value = new FhirString { Value = reasoner.Version } }],
            Owner = new Reference
            {
                ReferenceValue = owner.Reference is { Length: > 0 } r ? new FhirString { Value = r } : null,
                Display = new FhirString { Value = owner.Display },
            },
        };
    }

    /// <summary>The Device identifier value of a reasoner: a new version is a new Device.</summary>
    public static string DeviceKey(ReasonerInfo reasoner) => $"{reasoner.Name}@{reasoner.Version}";

    public static CodeableConcept Interpretation(Severity severity) => severity switch
    {
        Severity.Critical => Concept(Coding(SeveritySystem, "critical", "Critical"), Coding(InterpretationSystem, "AA", "Critical abnormal")),
        Severity.Warning => Concept(Coding(SeveritySystem, "warning", "Warning"), Coding(InterpretationSystem, "A", "Abnormal")),
        _ => Concept(Coding(SeveritySystem, "info", "Information")),
    };

    /// <summary>The finding's evidence, each reference once, in its order.</summary>
    public static IEnumerable<string> Evidence(Finding finding) => finding.Evidence.Where(e => e.Length > 0).Distinct(StringComparer.Ordinal);

    private static string TypeOf(string reference) => reference.Split('/')[0];

    internal static string DateTimeText(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string InstantText(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
