using SmartReasoning.Launch;
using SmartReasoning.Tests.Cli;

namespace SmartReasoning.Tests.Launch;

/// <summary>`smartreasoning launch probe`: a headless standalone launch, step by step, against a local sandbox it starts itself.</summary>
public sealed class LaunchProbeTests : IDisposable
{
    private const string LocalSandbox = """
        {"issuer":"http://127.0.0.1:5490/fhir","clientId":"smartreasoning","clientType":"public",
         "scope":"openid fhirUser launch launch/patient online_access patient/*.rs","redirectUri":"http://127.0.0.1:5480/launch/callback",
         "signingAlgorithm":"ES384","localSandbox":true}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("sr-probe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(LaunchClientType.Public, "ES384", 12)]
    [InlineData(LaunchClientType.ConfidentialSymmetric, "ES384", 12)]
    [InlineData(LaunchClientType.ConfidentialAsymmetric, "ES384", 13)]
    [InlineData(LaunchClientType.ConfidentialAsymmetric, "RS384", 13)]
    public async Task Probe_passes_every_step_against_the_local_sandbox_with_each_client_type(LaunchClientType clientType, string algorithm, int steps)
    {
        var config = Write("local-sandbox.json", LocalSandbox.Replace("ES384", algorithm, StringComparison.Ordinal));
        using var output = new StringWriter();

        var exit = await new LaunchProbe(output).RunAsync(config, clientType, TestContext.Current.CancellationToken);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exit == 0, output.ToString());
        Assert.Equal($"{steps} passed, 0 failed", lines[^1]);
        string[] expected = ["configuration", "sandbox", "discovery", "registration", "authorize", "callback", "token exchange", "id_token", "launch context", "fhir read", "refresh", "fhir read after refresh"];
        Assert.Equal(clientType == LaunchClientType.ConfidentialAsymmetric ? [.. expected, "backend services"] : expected,
            lines.Where(l => l.StartsWith("PASS ", StringComparison.Ordinal)).Select(l => l[5..]));
    }

    [Fact]
    public async Task Probe_reports_a_server_it_cannot_reach_as_a_failed_discovery()
    {
        var config = Write("gone.json", """
            {"issuer":"http://127.0.0.1:1/fhir","clientId":"app","clientType":"public","scope":"launch/patient patient/*.rs","redirectUri":"http://127.0.0.1:5480/launch/callback"}
            """);
        using var output = new StringWriter();

        var exit = await new LaunchProbe(output).RunAsync(config, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains("PASS configuration", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("FAIL discovery: ", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed", output.ToString().TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_reports_an_invalid_config_as_a_failed_configuration_step()
    {
        var config = Write("bad.json", """{"issuer":"ftp://x","clientId":"app","clientType":"public","scope":"s","redirectUri":"http://127.0.0.1/cb"}""");
        using var output = new StringWriter();

        var exit = await new LaunchProbe(output).RunAsync(config, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith("FAIL configuration: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("issuer", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_of_an_asymmetric_client_without_its_registered_key_fails_the_configuration_step()
    {
        var config = Write("epic-like.json", """
            {"issuer":"http://127.0.0.1:1/fhir","clientId":"app","clientType":"confidential-asymmetric","scope":"launch/patient patient/Patient.read",
             "redirectUri":"http://127.0.0.1:5480/launch/callback","privateKeyEnvironmentVariable":"SR_PROBE_TEST_KEY_NEVER_SET","signingAlgorithm":"RS384"}
            """);
        using var output = new StringWriter();

        var exit = await new LaunchProbe(output).RunAsync(config, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.StartsWith("FAIL configuration: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("SR_PROBE_TEST_KEY_NEVER_SET", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_command_runs_as_a_process_and_exits_zero_when_every_step_passed()
    {
        var config = Write("local-sandbox.json", LocalSandbox);

        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("launch", "probe", "--config", config, "--client-type", "confidential-asymmetric");

        Assert.True(exit == 0, output);
        Assert.Contains("PASS backend services", output, StringComparison.Ordinal);
        Assert.Contains("13 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_command_without_its_config_file_exits_two()
    {
        var (exit, output) = await FhirRoundTripCommandTests.RunAsync("launch", "probe", "--config", Path.Combine(_folder, "missing.json"));

        Assert.Equal(2, exit);
        Assert.Contains("No such file", output, StringComparison.Ordinal);
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
