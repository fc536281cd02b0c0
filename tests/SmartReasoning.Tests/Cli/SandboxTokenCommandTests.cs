using System.Diagnostics;
using System.Net;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Cli;

/// <summary>`smartreasoning sandbox token`, run as the real program against an enforcing sandbox in this process.</summary>
public sealed class SandboxTokenCommandTests : SandboxHost
{
    private const string PatientId = "bench-1";

    protected override SandboxOptions Options => new() { Port = 0, LoadCohort = false };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Store.Write(new FhirJsonParser().Parse($$"""{"resourceType":"Patient","id":"{{PatientId}}","name":[{"family":"Hopper","given":["Grace"]}]}""").Value!);
    }

    [Fact]
    public async Task Printed_token_alone_on_stdout_reads_a_resource_the_sandbox_refuses_without_it()
    {
        var (exit, stdout, stderr) = await RunAsync("sandbox", "token", "--root", Root);

        Assert.True(exit == 0, stderr);
        var token = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"Patient/{PatientId}")).Response.StatusCode);
        var (response, body) = await SendAsync(HttpMethod.Get, $"Patient/{PatientId}", configure: r => r.Headers.Authorization = new("Bearer", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PatientId, body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Fhir_base_given_as_root_is_found_by_discovery_too()
    {
        var (exit, stdout, stderr) = await RunAsync("sandbox", "token", "--root", FhirBase);

        Assert.True(exit == 0, stderr);
        Assert.NotEmpty(stdout.Trim());
    }

    [Fact]
    public async Task Wrong_root_exits_one_with_the_reason_on_stderr_and_nothing_on_stdout()
    {
        var (exit, stdout, stderr) = await RunAsync("sandbox", "token", "--root", Root + "/nowhere");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_the_server_refuses_exits_one_with_the_OAuth_error()
    {
        var (exit, stdout, stderr) = await RunAsync("sandbox", "token", "--root", Root, "--scope", "patient/*.rs");

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Contains("invalid_scope", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_that_is_not_a_url_is_a_usage_error()
    {
        var (exit, stdout, stderr) = await RunAsync("sandbox", "token", "--root", "not a url");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("not an absolute http(s) URL", stderr, StringComparison.Ordinal);
    }

    /// <summary>The token must be alone on stdout, so stdout and stderr are kept apart.</summary>
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => FhirRoundTripCommandTests.RunSeparatelyAsync(args);
}
