using SmartReasoning.Tools.FhirModelGenerator;

namespace SmartReasoning.Fhir.Tests.Model;

public class GeneratedModelTests
{
    [Fact]
    public void Committed_model_matches_what_the_generator_produces_from_the_package()
    {
        var package = TestData.RequireExamplesPackage();
        var expected = ModelGenerator.Generate(package);

        var committed = Directory.GetFiles(TestData.GeneratedModelFolder, "*.g.cs")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        var missing = expected.Keys.Except(committed.Keys).ToList();
        var extra = committed.Keys.Except(expected.Keys).ToList();
        var stale = expected.Where(e => committed.TryGetValue(e.Key, out var text) && text != e.Value).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && stale.Count == 0,
            $"The generated model is stale; run tools/generate-model.sh. Missing: [{string.Join(", ", missing)}] " +
            $"extra: [{string.Join(", ", extra)}] changed: [{string.Join(", ", stale.Take(10))}]");
    }
}
