using System.Text;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Deidentify;

/// <summary>No identifier of any synthetic or shared patient survives de-identification into the serialized resources.</summary>
public class CohortLeakTests
{
    private static readonly Deidentifier Deidentifier = Fixtures.Deidentifier();

    private static void AssertNoLeak(Bundle bundle, string name)
    {
        var check = LeakCheck.For(bundle);
        Assert.True(check.IdentifierCount > 5, $"{name}: too few identifiers collected ({check.IdentifierCount})");
        var record = Deidentifier.Deidentify(bundle);
        Assert.NotEmpty(record.Resources);
        var text = new StringBuilder();
        foreach (var resource in record.Resources) text.AppendLine(FhirJsonSerializer.SerializeToString(resource));
        var hits = check.Scan(text.ToString());
        Assert.True(hits.Count == 0, $"{name}: {string.Join(", ", hits.Select(h => h.Kind).Distinct())} found in the de-identified resources");
        // And the planted-identifier check is live for this patient: its own Patient resource, untouched, is caught.
        var original = bundle.Entry.Select(e => e.Resource).OfType<Patient>().First();
        Assert.NotEmpty(check.Scan(FhirJsonSerializer.SerializeToString(original)));
    }

    [Fact]
    public void No_identifier_of_any_synthetic_cohort_patient_survives_deidentification()
    {
        var bundles = SyntheticCohort.Generate();
        Assert.Equal(12, bundles.Count);
        foreach (var bundle in bundles) AssertNoLeak(bundle, SyntheticCohort.ArchetypeOf(bundle)?.ToString() ?? "patient");
    }

    [Fact]
    public void No_identifier_of_any_shared_patient_survives_deidentification()
    {
        var folder = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "patients"));
        Assert.SkipUnless(Directory.Exists(folder), "../shared/data/patients is absent, so the leak test over the shared patients was skipped");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        foreach (var file in files)
        {
            var bundle = Assert.IsType<Bundle>(parser.Parse(File.ReadAllBytes(file)).Value);
            AssertNoLeak(bundle, Path.GetFileName(file)[..12]);
        }
    }
}
