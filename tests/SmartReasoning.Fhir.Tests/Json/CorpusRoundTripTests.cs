using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>The acceptance corpus: every R4 example and every shared patient bundle survives parse and write unchanged.</summary>
public class CorpusRoundTripTests
{
    /// <summary>Example files not expected to round-trip, each with its reason. At most five; today none.</summary>
    private static readonly Dictionary<string, string> SkipList = new(StringComparer.Ordinal);

    private readonly FhirRoundTrip _roundTrip = new(new FhirJsonParser(FhirJsonParserOptions.Strict));

    [Fact]
    public void Every_R4_example_resource_round_trips_identically_in_strict_mode()
    {
        var package = TestData.RequireExamplesPackage();
        Assert.True(SkipList.Count <= 5);

        var files = FhirRoundTrip.FindJsonFiles(package).Where(f => !SkipList.ContainsKey(Path.GetFileName(f))).ToList();
        var failures = files
            .Select(f => _roundTrip.Check(Path.GetFileName(f), File.ReadAllBytes(f)))
            .Where(r => r.Status != RoundTripStatus.Identical)
            .ToList();

        Assert.Equal(5306, files.Count + SkipList.Count);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10).Select(f => $"{f.Name}: {f.Status} {string.Join("; ", f.Details.Take(3))}")));
    }

    [Fact]
    public void Every_shared_patient_bundle_round_trips_identically()
    {
        var folder = TestData.RequireSharedPatients();
        var files = FhirRoundTrip.FindJsonFiles(folder).ToList();
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            var result = _roundTrip.Check(Path.GetFileName(file), File.ReadAllBytes(file));
            Assert.True(result.Status == RoundTripStatus.Identical, $"{result.Name}: {result.Status} {string.Join("; ", result.Details)}");
        }
    }
}
