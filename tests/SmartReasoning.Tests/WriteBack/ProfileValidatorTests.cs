using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>The real FHIR validator with fhir-profiles/ as the write-back's gate: what we build conforms, what is broken is stopped.</summary>
public sealed class ProfileValidatorTests
{
    private static ProfileValidator Validator()
    {
        var package = Path.Combine(TestPaths.RepositoryRoot, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");
        Assert.SkipUnless(File.Exists(Path.Combine(package, "package.json")), "hl7.fhir.r4.examples@4.0.1 is not in .cache/fhir: run ./test.sh (or tools/fetch-fhir-package.sh)");
        return new ProfileValidator(package);
    }

    private static FindingResourceSet Set() => FindingResources.Build(
        WriteBackFixtures.MetforminRenal("MedicationRequest/met-1", "Observation/egfr-1"), WriteBackFixtures.Subject("Patient/p-1", "Encounter/e-1"),
        WriteBackFixtures.Rules, WriteBackFixtures.Issued, "urn:uuid:7c8d6b0e-1f0a-4a43-9d3e-1b2f0c4d5e6f", "urn:uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");

    [Fact]
    public void The_observation_provenance_and_device_of_a_finding_conform_to_their_profiles()
    {
        var validator = Validator();
        var set = Set();

        Assert.Empty(validator.Validate(set.Observation, AiTransparencyCodes.ObservationProfile));
        Assert.Empty(validator.Validate(set.Provenance, AiTransparencyCodes.ProvenanceProfile));
        Assert.Empty(validator.Validate(set.Device, AiTransparencyCodes.DeviceProfile));
    }

    [Fact]
    public void An_observation_without_the_AIAST_label_is_refused_at_its_meta()
    {
        var observation = Set().Observation;
        observation.Meta!.Security.Clear();

        var problems = Validator().Validate(observation, AiTransparencyCodes.ObservationProfile);

        Assert.Contains(problems, p => p.Location.StartsWith("Observation.meta", StringComparison.Ordinal) && p.Code == "structure");
    }

    [Fact]
    public void A_provenance_whose_agent_is_not_the_AI_device_is_refused_at_the_agent()
    {
        var provenance = Set().Provenance;
        provenance.Agent[0].Who = new Reference { ReferenceValue = new FhirString { Value = "Practitioner/dr-1" } };

        var problems = Validator().Validate(provenance, AiTransparencyCodes.ProvenanceProfile);

        Assert.Contains(problems, p => p.Location.StartsWith("Provenance.agent[0]", StringComparison.Ordinal));
    }
}
