using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.WriteBack;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>Findings, subjects and reasoners for the write-back tests, and counts of what a sandbox store holds.</summary>
public static class WriteBackFixtures
{
    public static readonly ReasonerInfo Rules = new("smartreasoning-guidelines", "2026.11");
    public static readonly DateTimeOffset AsOf = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Issued = new(2026, 3, 2, 9, 0, 4, 512, TimeSpan.Zero);

    public static Finding MetforminRenal(params string[] evidence) => new(
        FindingKinds.DrugRenal,
        "Metformin with eGFR 24 mL/min/1.73m2: contraindicated below 30",
        Severity.Critical,
        "The latest eGFR (24 mL/min/1.73m2) is below 30, where metformin is contraindicated.",
        evidence.Length > 0 ? evidence : ["Observation/egfr-2026-03-01", "MedicationRequest/metformin-1000", "Condition/type-2-diabetes"],
        [],
        new GuidelineSource("KDIGO 2022 diabetes in CKD", "https://kdigo.org/guidelines/diabetes-ckd/"),
        0.92,
        "guidelines");

    public static Finding HbA1cOverdue() => new(
        FindingKinds.OverdueMonitoring, "HbA1c overdue: last measured 14 months ago", Severity.Info, "ADA: every 6 months when not at goal.",
        ["Observation/hba1c-2025-01-05", "Condition/type-2-diabetes"], [], new GuidelineSource("ADA 2025", "https://diabetesjournals.org/care"), 0.8, "guidelines");

    public static FindingSubject Subject(string patient = "Patient/example", string? encounter = null) => new(patient, encounter, AsOf);

    /// <summary>The current (not deleted) resources of a type in the store carrying an identifier system|value.</summary>
    public static List<T> WithIdentifier<T>(FhirResourceStore store, string system, string value) where T : Resource =>
        [.. store.Current(typeof(T).Name).Select(s => s.Resource).OfType<T>().Where(r => IdentifiersOf(r).Any(i => i.System?.Value == system && i.Value?.Value == value))];

    /// <summary>The Provenances whose target carries the finding's fingerprint.</summary>
    public static List<Provenance> ProvenancesOf(FhirResourceStore store, string fingerprint) =>
        [.. store.Current("Provenance").Select(s => s.Resource).OfType<Provenance>()
            .Where(p => p.Target.Any(t => t.Identifier?.Value?.Value == fingerprint))];

    /// <summary>Observations, Provenances and Devices for one finding: (1, 1, 1) is exactly one Observation set.</summary>
    public static (int Observations, int Provenances, int Devices) SetCount(FhirResourceStore store, string fingerprint, ReasonerInfo? reasoner = null) =>
        (WithIdentifier<Observation>(store, AiTransparencyCodes.FingerprintSystem, fingerprint).Count,
         ProvenancesOf(store, fingerprint).Count,
         WithIdentifier<Device>(store, AiTransparencyCodes.ReasonerSystem, FindingResources.DeviceKey(reasoner ?? Rules)).Count);

    private static IEnumerable<Identifier> IdentifiersOf(Resource resource) => resource switch
    {
        Observation o => o.Identifier,
        Device d => d.Identifier,
        _ => [],
    };
}

/// <summary>A clock tests move by hand: due times and leases are read from it, nothing waits on it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
