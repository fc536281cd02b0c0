using System.Text.Json;
using SmartReasoning.Tests.Cli;

namespace SmartReasoning.Tests.Compile;

/// <summary>`smartreasoning context`, run as the real program.</summary>
public sealed class ContextCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sr-context-").FullName;

    public ContextCommandTests() =>
        File.WriteAllText(Path.Combine(_folder, "bundle.json"), """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Chalmers","given":["Peter"]}],"gender":"male","birthDate":"1974-12-25"}},
              {"resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"38341003","display":"Hypertension"}]},"onsetDateTime":"2015-01-01"}},
              {"resource":OBSERVATION1},
              {"resource":OBSERVATION2}
            ]}
            """.Replace("OBSERVATION1", Fhir.Quantity("o1", "4548-4", "2025-06-01", 7.1, "%"), StringComparison.Ordinal)
            .Replace("OBSERVATION2", Fhir.Quantity("o2", "4548-4", "2025-12-01", 53, "mmol/mol"), StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Context_prints_the_rendering_a_model_reads_with_citations()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("context", Path.Combine(_folder, "bundle.json"), "--as-of", "2026-01-01");

        Assert.Equal(0, exit);
        Assert.StartsWith("# Patient context as of 2026-01-01\nDemographics: 51 years, sex male [Patient/p1]\n", output, StringComparison.Ordinal);
        Assert.Contains("- ACTIVE Hypertension (38341003), onset 2015-01-01 [Condition/c1]", output, StringComparison.Ordinal);
        Assert.Contains("(4548-4): latest 7 % on 2025-12-01", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Chalmers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_deidentified_prints_hashed_citations_true_ages_and_shifted_dates()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("context", Path.Combine(_folder, "bundle.json"), "--deidentified", "--as-of", "2026-01-01");

        Assert.Equal(0, exit);
        Assert.Contains("Demographics: 51 years, sex male [Patient/", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[Patient/p1]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[Condition/c1]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("2015-01-01", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1974-12-25", output, StringComparison.Ordinal);
        Assert.Contains("Hypertension (38341003), onset ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_json_is_the_compiled_context()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("context", Path.Combine(_folder, "bundle.json"), "--json", "--as-of", "2026-01-01");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(51, root.GetProperty("demographics").GetProperty("ageYears").GetInt32());
        var lab = root.GetProperty("labs")[0];
        Assert.Equal("%", lab.GetProperty("unit").GetString());
        Assert.Equal(2, lab.GetProperty("points").GetArrayLength());
        Assert.Equal("Observation/o2", lab.GetProperty("statistics").GetProperty("latest").GetProperty("sources")[0].GetString());
    }

    [Fact]
    public async Task Context_of_a_missing_file_or_a_bad_date_is_a_clear_error()
    {
        var (missingExit, missingOutput) = await FhirRoundTripCommandTests.RunAsync("context", Path.Combine(_folder, "nope.json"));
        var (dateExit, dateOutput) = await FhirRoundTripCommandTests.RunAsync("context", Path.Combine(_folder, "bundle.json"), "--as-of", "soon");

        Assert.Equal(2, missingExit);
        Assert.Contains("No such file", missingOutput, StringComparison.Ordinal);
        Assert.Equal(2, dateExit);
        Assert.Contains("--as-of must be a date", dateOutput, StringComparison.Ordinal);
    }
}
