using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>A finding's Observation, Provenance and Device have the shapes of fhir-profiles/ and its examples.</summary>
public sealed class FindingResourcesTests
{
    private static FindingResourceSet Build(Finding? finding = null, FindingSubject? subject = null) =>
        FindingResources.Build(finding ?? MetforminRenal(), subject ?? Subject(), Rules, Issued, "urn:uuid:obs", "urn:uuid:dev");

    private static string Json(Base value) => FhirJsonSerializer.SerializeToString(value);

    [Fact]
    public void The_observation_is_the_profile_example_plus_our_identifier()
    {
        var observation = Build().Observation;

        Assert.Equal(AiTransparencyCodes.ObservationProfile, Assert.Single(observation.Meta!.Profile).Value);
        var label = Assert.Single(observation.Meta.Security);
        Assert.Equal(("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "AIAST"), (label.System!.Value, label.Code!.Value));
        Assert.Equal(ObservationStatus.Preliminary, observation.Status!.Enum);
        Assert.Equal("ai-finding", Assert.Single(Assert.Single(observation.Category).Coding).Code!.Value);
        Assert.Equal(("https://smartreasoning.dev/fhir/CodeSystem/finding-kind", "drug-renal"), (observation.Code!.Coding[0].System!.Value, observation.Code.Coding[0].Code!.Value));
        Assert.Equal("Patient/example", observation.Subject!.ReferenceValue!.Value);
        Assert.Null(observation.Encounter);
        Assert.Equal("2026-03-02T09:00:00Z", Assert.IsType<FhirDateTime>(observation.Effective).Value);
        Assert.Equal("2026-03-02T09:00:04.512Z", observation.Issued!.Value);
        Assert.Equal("urn:uuid:dev", observation.Device!.ReferenceValue!.Value);
        Assert.Equal("Metformin with eGFR 24 mL/min/1.73m2: contraindicated below 30", Assert.IsType<FhirString>(observation.Value).Value);
        Assert.Equal(["critical", "AA"], Assert.Single(observation.Interpretation).Coding.Select(c => c.Code!.Value));
        Assert.Contains("contraindicated", Assert.Single(observation.Note).Text!.Value, StringComparison.Ordinal);
        var confidence = Assert.Single(observation.Extension);
        Assert.Equal("http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AIconfidence", confidence.Url);
        Assert.Equal(0.92m, Assert.IsType<FhirDecimal>(confidence.Value).Value);
        var identifier = Assert.Single(observation.Identifier);
        Assert.Equal(AiTransparencyCodes.FingerprintSystem, identifier.System!.Value);
        Assert.Matches("^[0-9a-f]{64}$", identifier.Value!.Value);
    }

    [Fact]
    public void DerivedFrom_holds_only_the_types_R4_and_the_profile_allow_and_Provenance_every_piece_of_evidence()
    {
        var set = Build(MetforminRenal("Observation/egfr", "MedicationRequest/met", "Condition/dm", "DocumentReference/note", "AllergyIntolerance/pcn", "Observation/egfr"));

        Assert.Equal(["Observation/egfr", "DocumentReference/note"], set.Observation.DerivedFrom.Select(r => r.ReferenceValue!.Value));
        Assert.Equal(["Observation/egfr", "MedicationRequest/met", "Condition/dm", "DocumentReference/note", "AllergyIntolerance/pcn"],
            set.Provenance.Entity.Select(e => e.What!.ReferenceValue!.Value));
        Assert.All(set.Provenance.Entity, e => Assert.Equal(ProvenanceEntityRole.Source, e.Role!.Enum));
    }

    [Fact]
    public void The_provenance_names_the_observation_the_AIAST_reason_and_the_device_as_AI_author()
    {
        var set = Build();
        var provenance = set.Provenance;

        Assert.Equal(AiTransparencyCodes.ProvenanceProfile, Assert.Single(provenance.Meta!.Profile).Value);
        var target = Assert.Single(provenance.Target);
        Assert.Equal("urn:uuid:obs", target.ReferenceValue!.Value);
        Assert.Equal(set.Fingerprint, target.Identifier!.Value!.Value);
        Assert.Equal("2026-03-02T09:00:04.512Z", provenance.Recorded!.Value);
        Assert.Equal("AIAST", Assert.Single(Assert.Single(provenance.Reason).Coding).Code!.Value);
        Assert.Equal("CREATE", provenance.Activity!.Coding[0].Code!.Value);
        var agent = Assert.Single(provenance.Agent);
        Assert.Equal("author", agent.Type!.Coding[0].Code!.Value);
        Assert.Equal(("http://hl7.org/fhir/uv/aitransparency/CodeSystem/AIdeviceTypeCS", "Artificial-Intelligence"),
            (agent.Role[0].Coding[0].System!.Value, Assert.Single(Assert.Single(agent.Role).Coding).Code!.Value));
        Assert.Equal("urn:uuid:dev", agent.Who!.ReferenceValue!.Value);
    }

    [Fact]
    public void The_device_is_the_reasoner_by_name_and_version_with_an_owner()
    {
        var device = Build().Device;

        Assert.Equal(AiTransparencyCodes.DeviceProfile, Assert.Single(device.Meta!.Profile).Value);
        Assert.Equal("Artificial-Intelligence", Assert.Single(device.Type!.Coding).Code!.Value);
        var name = Assert.Single(device.DeviceName);
        Assert.Equal(("smartreasoning-guidelines", DeviceNameType.ModelName), (name.Name!.Value, name.Type!.Enum!.Value));
        Assert.Equal("2026.11", Assert.Single(device.Version).Value!.Value);
        Assert.Equal("SmartReasoning", device.Owner!.Display!.Value);
        Assert.Equal("smartreasoning-guidelines@2026.11", Assert.Single(device.Identifier).Value!.Value);
    }

    [Fact]
    public void An_encounter_is_referenced_and_info_findings_carry_only_our_severity()
    {
        var observation = Build(HbA1cOverdue(), Subject(encounter: "Encounter/visit-1")).Observation;

        Assert.Equal("Encounter/visit-1", observation.Encounter!.ReferenceValue!.Value);
        Assert.Equal(["info"], Assert.Single(observation.Interpretation).Coding.Select(c => c.Code!.Value));
    }

    [Fact]
    public void The_resources_round_trip_as_FHIR_JSON()
    {
        var set = Build();
        foreach (var resource in new Resource[] { set.Observation, set.Provenance, set.Device })
        {
            var json = Json(resource);
            var parsed = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(json);
            Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Issues));
            Assert.Equal(json, Json(parsed.Value!));
        }
    }

    [Fact]
    public void The_fingerprint_ignores_evidence_order_and_wording_but_not_patient_kind_evidence_or_model_version()
    {
        var a = FindingFingerprint.Of(MetforminRenal("Observation/1", "Condition/2"), "Patient/p", Rules);

        Assert.Equal(a, FindingFingerprint.Of(MetforminRenal("Condition/2", "Observation/1", "Condition/2"), "Patient/p", Rules));
        Assert.Equal(a, FindingFingerprint.Of(MetforminRenal("Observation/1", "Condition/2") with { Rationale = "reworded" }, "Patient/p", Rules));
        Assert.NotEqual(a, FindingFingerprint.Of(MetforminRenal("Observation/1", "Condition/2"), "Patient/q", Rules));
        Assert.NotEqual(a, FindingFingerprint.Of(MetforminRenal("Observation/1"), "Patient/p", Rules));
        Assert.NotEqual(a, FindingFingerprint.Of(MetforminRenal("Observation/1", "Condition/2") with { Kind = FindingKinds.DrugLab }, "Patient/p", Rules));
        Assert.NotEqual(a, FindingFingerprint.Of(MetforminRenal("Observation/1", "Condition/2"), "Patient/p", Rules with { Version = "2026.12" }));
    }

    [Fact]
    public void The_transaction_creates_all_three_conditionally_with_urn_uuid_references()
    {
        var (set, bundle) = FindingTransaction.For(MetforminRenal(), Subject(), Rules, Issued);

        Assert.Equal(BundleType.Transaction, bundle.Type!.Enum);
        Assert.Equal(["Device", "Observation", "Provenance"], bundle.Entry.Select(e => e.Request!.Url!.Value));
        Assert.All(bundle.Entry, e => Assert.Equal(HTTPVerb.POST, e.Request!.Method!.Enum));
        Assert.All(bundle.Entry, e => Assert.StartsWith("urn:uuid:", e.FullUrl!.Value, StringComparison.Ordinal));
        string Condition(int entry) => Uri.UnescapeDataString(bundle.Entry[entry].Request!.IfNoneExist!.Value!);
        Assert.Equal("identifier=https://smartreasoning.dev/fhir/reasoner|smartreasoning-guidelines@2026.11", Condition(0));
        Assert.Equal($"identifier=https://smartreasoning.dev/fhir/finding-fingerprint|{set.Fingerprint}", Condition(1));
        Assert.Equal($"target:identifier=https://smartreasoning.dev/fhir/finding-fingerprint|{set.Fingerprint}", Condition(2));
        Assert.Equal(bundle.Entry[1].FullUrl!.Value, set.Provenance.Target[0].ReferenceValue!.Value);
        Assert.Equal(bundle.Entry[0].FullUrl!.Value, set.Provenance.Agent[0].Who!.ReferenceValue!.Value);
        Assert.Equal(bundle.Entry[0].FullUrl!.Value, set.Observation.Device!.ReferenceValue!.Value);
    }
}
