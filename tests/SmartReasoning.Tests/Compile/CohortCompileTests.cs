using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Compile;

/// <summary>The compiler over whole patients: every synthetic archetype and every shared Synthea bundle.</summary>
public sealed class CohortCompileTests
{
    private static string SharedPatients => Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "patients"));

    [Fact]
    public void Every_synthetic_cohort_patient_compiles_and_every_source_is_in_the_input()
    {
        foreach (var bundle in SyntheticCohort.Generate())
        {
            var resources = ContextCompiler.ResourcesOf(bundle).ToList();
            var context = new ContextCompiler().Compile(resources, asOf: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

            AssertSourcesExist(context, Fhir.References(resources));
            Assert.NotNull(context.Demographics);
            Assert.NotEmpty(context.Problems);
            Assert.NotEmpty(context.Vitals);
        }
    }

    [Fact]
    public void Every_shared_patient_bundle_compiles_and_every_source_is_in_the_input()
    {
        Assert.SkipUnless(Directory.Exists(SharedPatients), "../shared/data/patients is absent, so the shared patient bundles were skipped");
        var files = Directory.GetFiles(SharedPatients, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(file));
            var bundle = Assert.IsType<Bundle>(parsed.Value);
            var resources = ContextCompiler.ResourcesOf(bundle).ToList();

            var context = new ContextCompiler().Compile(resources, asOf: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var rendering = ContextRenderer.Render(context);

            AssertSourcesExist(context, Fhir.References(resources));
            Assert.NotNull(context.Demographics);
            Assert.True(context.Labs.Count + context.Vitals.Count > 0, Path.GetFileName(file));
            Assert.True(rendering.ApproximateTokens <= ContextRenderer.DefaultTokenBudget, Path.GetFileName(file));
        }
    }

    private static void AssertSourcesExist(LongitudinalContext context, HashSet<string> references)
    {
        var sources = new List<string>();
        sources.AddRange(context.Demographics?.Sources ?? []);
        foreach (var p in context.Problems) sources.AddRange(p.Sources);
        foreach (var m in context.Medications) sources.AddRange(m.Sources);
        foreach (var a in context.Allergies) sources.AddRange(a.Sources);
        foreach (var s in context.Labs.Concat(context.Vitals).Concat(context.OtherObservations)) sources.AddRange(s.Sources);
        foreach (var f in context.Findings) sources.AddRange(f.Sources);
        foreach (var t in context.Timeline) sources.AddRange(t.Sources);
        foreach (var i in context.Immunizations) sources.AddRange(i.Sources);
        Assert.NotEmpty(sources);
        foreach (var source in sources) Assert.Contains(source, references);
    }
}
