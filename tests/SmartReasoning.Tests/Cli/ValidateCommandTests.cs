using System.Text.Json;

namespace SmartReasoning.Tests.Cli;

/// <summary>`smartreasoning validate`, run as the real program (needs the FHIR package in .cache/fhir, as test.sh fetches it).</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sr-validate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static void RequirePackage()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1", "package.json"))) return;
        Assert.Skip("hl7.fhir.r4.examples@4.0.1 is not in .cache/fhir: run ./test.sh (or tools/fetch-fhir-package.sh)");
    }

    [Fact]
    public async Task Valid_resource_exits_0()
    {
        RequirePackage();
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("validate", Write("p.json", """{"resourceType":"Patient","gender":"female"}"""));

        Assert.Equal(0, exit);
        Assert.Contains("valid: 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_printed_with_their_location_and_exit_1()
    {
        RequirePackage();
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("validate", Write("p.json", """{"resourceType":"Patient","gender":"mail","birthDate":"not a date"}"""));

        Assert.Equal(1, exit);
        Assert.Contains("code-invalid @ Patient.gender", output, StringComparison.Ordinal);
        Assert.Contains("invalid @ Patient.birthDate: Not a valid date format: 'not a date'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_the_OperationOutcome()
    {
        RequirePackage();
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("validate", "--json", Write("p.json", """{"resourceType":"Patient","gender":"mail"}"""));

        Assert.Equal(1, exit);
        using var outcome = JsonDocument.Parse(output);
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        Assert.Contains(outcome.RootElement.GetProperty("issue").EnumerateArray(),
            i => i.GetProperty("severity").GetString() == "error" && i.GetProperty("expression")[0].GetString() == "Patient.gender");
    }

    [Fact]
    public async Task Profile_from_a_definitions_folder_is_applied()
    {
        RequirePackage();
        var definitions = Directory.CreateDirectory(Path.Combine(_folder, "profiles")).FullName;
        File.WriteAllText(Path.Combine(definitions, "named.json"), """
            {"resourceType":"StructureDefinition","url":"http://example.org/fhir/StructureDefinition/named","name":"Named","status":"draft","kind":"resource",
             "abstract":false,"type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",
             "differential":{"element":[{"id":"Patient.name","path":"Patient.name","min":1}]}}
            """);
        var patient = Write("p.json", """{"resourceType":"Patient"}""");

        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("validate", patient, "--definitions", definitions, "--profile", "http://example.org/fhir/StructureDefinition/named");

        Assert.Equal(1, exit);
        Assert.Contains("Patient.name: minimum required = 1, but only found 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_and_unknown_profile_exit_2()
    {
        RequirePackage();
        Assert.Equal(2, (await FhirRoundTripCommandTests.RunAsync("validate", Path.Combine(_folder, "nope.json"))).ExitCode);
        Assert.Equal(2, (await FhirRoundTripCommandTests.RunAsync("validate", Write("p.json", """{"resourceType":"Patient"}"""), "--profile", "http://example.org/none")).ExitCode);
    }

    [Fact]
    public async Task Suite_ends_with_the_counts()
    {
        RequirePackage();
        var cases = Directory.CreateDirectory(Path.Combine(_folder, "cases")).FullName;
        File.WriteAllText(Path.Combine(cases, "good.json"), """{"resourceType":"Patient"}""");
        File.WriteAllText(Path.Combine(cases, "bad.json"), """{"resourceType":"Patient","bogus":1}""");
        var manifest = Write("manifest.json", """
            [{"name":"good","file":"good.json","supporting":[],"profile":null,"profileSupporting":[],"expectedErrorCount":0,"expectedErrors":[],"txServerIssues":false},
             {"name":"bad","file":"bad.json","supporting":[],"profile":null,"profileSupporting":[],"expectedErrorCount":1,"expectedErrors":[{"severity":"error","code":"structure","location":"Patient","message":"x"}],"txServerIssues":false},
             {"name":"tx","file":"good.json","supporting":[],"profile":null,"profileSupporting":[],"expectedErrorCount":1,"expectedErrors":[],"txServerIssues":true}]
            """);

        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("validate", "--suite", manifest);

        Assert.Equal(0, exit);
        Assert.EndsWith("3 cases, 2 match, 0 differ, 1 skipped", output.TrimEnd(), StringComparison.Ordinal);
    }
}
