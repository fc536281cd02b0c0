using System.Text.Json;

namespace SmartReasoning.Tests.Cli;

/// <summary>`smartreasoning fhirpath` and `smartreasoning fhirpath test`, run as the real program.</summary>
public sealed class FhirPathCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sr-fhirpath-").FullName;

    public FhirPathCommandTests() =>
        File.WriteAllText(Path.Combine(_folder, "patient.json"),
            """{"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"Chalmers","given":["Peter","James"]}],"birthDate":"1974-12-25"}""");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Evaluate_prints_each_result_with_its_type_as_json()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("fhirpath", "Patient.name.given | birthDate | name.given.count()", Path.Combine(_folder, "patient.json"));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var items = json.RootElement.EnumerateArray().Select(i => $"{i.GetProperty("type").GetString()}={i.GetProperty("value")}").ToList();
        Assert.Equal(["string=Peter", "string=James", "date=@1974-12-25", "integer=2"], items);
    }

    [Fact]
    public async Task Compile_error_is_reported_with_its_position_and_a_non_zero_exit()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("fhirpath", "name.given.nope()", Path.Combine(_folder, "patient.json"));

        Assert.Equal(1, exit);
        Assert.Contains("unknown function 'nope' (at position 11)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_runs_a_suite_in_the_official_format_and_ends_with_the_counts()
    {
        File.WriteAllText(Path.Combine(_folder, "suite.xml"), """
            <tests name="mini">
              <group name="g">
                <test name="given" inputfile="patient.xml"><expression>name.given.first()</expression><output type="string">Peter</output></test>
                <test name="wrong" inputfile="patient.json"><expression>name.family</expression><output type="string">Windsor</output></test>
                <test name="syntax" inputfile="patient.json"><expression invalid="syntax">name.(</expression></test>
                <test name="missing" inputfile="absent.json"><expression>name</expression></test>
              </group>
            </tests>
            """);

        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("fhirpath", "test", Path.Combine(_folder, "suite.xml"), "--inputs", _folder);

        Assert.Equal(1, exit);
        Assert.Contains("failed: g/wrong: name.family -- expected [string Windsor], got [string Chalmers]", output, StringComparison.Ordinal);
        Assert.Equal("2 passed, 1 failed, 1 skipped", output.TrimEnd().Split('\n')[^1]);
    }
}
