using System.Diagnostics;

namespace SmartReasoning.Tests.Cli;

/// <summary>`smartreasoning fhir roundtrip`, run as the real program in its own process.</summary>
public sealed class FhirRoundTripCommandTests : IDisposable
{
    private const string Patient = """{"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"Chalmers","given":["Peter","James"]}],"birthDate":"1974-12-25"}""";
    private const string Observation = """{"resourceType":"Observation","status":"final","code":{"text":"weight"},"valueQuantity":{"value":72.50,"unit":"kg"}}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("sr-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Folder_of_valid_resources_reports_all_identical_and_exits_zero()
    {
        File.WriteAllText(Path.Combine(_folder, "patient.json"), Patient);
        Directory.CreateDirectory(Path.Combine(_folder, "nested"));
        File.WriteAllText(Path.Combine(_folder, "nested", "observation.json"), Observation);

        var (exit, output) = await RunAsync("fhir", "roundtrip", _folder);

        Assert.Equal(0, exit);
        Assert.Contains("2 resources, 2 identical, 0 differ, 0 failed to parse", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unparseable_file_is_counted_and_named_and_the_exit_code_is_non_zero()
    {
        File.WriteAllText(Path.Combine(_folder, "patient.json"), Patient);
        File.WriteAllText(Path.Combine(_folder, "broken.json"), """{"resourceType":"Patient","active":""");

        var (exit, output) = await RunAsync("fhir", "roundtrip", _folder);

        Assert.NotEqual(0, exit);
        Assert.Contains("2 resources, 1 identical, 0 differ, 1 failed to parse", output, StringComparison.Ordinal);
        Assert.Contains("broken.json: failed to parse", output, StringComparison.Ordinal);
        Assert.Contains("JSON100", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_parse_that_drops_an_empty_array_is_reported_as_a_difference()
    {
        var file = Path.Combine(_folder, "empty-name.json");
        File.WriteAllText(file, """{"resourceType":"Patient","name":[]}""");

        var (exit, output) = await RunAsync("fhir", "roundtrip", "--lenient", file);

        Assert.NotEqual(0, exit);
        Assert.Contains("1 resources, 0 identical, 1 differ, 0 failed to parse", output, StringComparison.Ordinal);
        Assert.Contains("$.name: missing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_path_is_a_clear_error()
    {
        var (exit, output) = await RunAsync("fhir", "roundtrip", Path.Combine(_folder, "nope"));

        Assert.Equal(2, exit);
        Assert.Contains("No such file or folder", output, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunSeparatelyAsync(args);
        return (exitCode, stdout + stderr);
    }

    /// <summary>Runs the built program with stdout and stderr kept apart.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunSeparatelyAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smartreasoning.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
