using System.Text;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Deidentify;

/// <summary>No identifier of any synthetic or shared patient survives de-identification: not in the serialized resources, not in the rendering a model receives.</summary>
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
        // What a model would receive: the rendering of the context compiled from the de-identified record, with room
        // for everything; ModelContext refuses on a hit, and the scan here says which kind leaked if it ever does.
        var model = ModelContext.Build(bundle, Deidentifier, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), tokenBudget: 1_000_000);
        var renderingHits = check.Scan(model.Rendering.Text);
        Assert.True(renderingHits.Count == 0, $"{name}: {string.Join(", ", renderingHits.Select(h => h.Kind).Distinct())} found in the model's rendering");
        Assert.True(model.Map.Count > 0 && model.Rendering.Text.Length > 500, $"{name}: the rendering is suspiciously empty");
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
