using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SmartReasoning.Launch;
using SmartReasoning.Reason.Model;
using SmartReasoning.Server;
using SmartReasoning.Tests.Launch;
using SmartReasoning.Tests.WriteBack;

namespace SmartReasoning.Tests.Server;

/// <summary><c>/health/live</c> and <c>/health/ready</c> over HTTP, against real servers on loopback ports.</summary>
public sealed class ReadinessTests(LocalPostgres postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string? MediaType, JsonObject Body)> GetAsync(string url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(url), Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static JsonObject Check(JsonObject body, string name, int index = 0) => body["checks"]![name]![index]!.AsObject();

    private static async Task<WebApplication> StartAsync(ServerOptions options)
    {
        var app = SmartReasoningServer.Build(options with { Port = 0 });
        await app.StartAsync(Ct);
        return app;
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static LaunchConfig ConfigFor(string fhirBase, string name = "ehr") => new()
    {
        Name = name, Issuer = fhirBase, ClientId = "sr", ClientType = LaunchClientType.Public, Scope = "launch", RedirectUri = "http://127.0.0.1/launch/callback",
    };

    [Fact]
    public async Task Ready_passes_with_the_sandbox_and_names_each_check()
    {
        await using var host = await LaunchHost.StartAsync();

        var (status, mediaType, body) = await GetAsync(host.ServiceBase + "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/health+json", mediaType);
        Assert.Equal("pass", (string?)body["status"]);
        var fhir = Check(body, "fhir:responseTime");
        Assert.Equal((LaunchHost.ConfigName, "pass", "ms"), ((string?)fhir["componentId"], (string?)fhir["status"], (string?)fhir["observedUnit"]));
        Assert.Equal(("sqlite", "pass"), ((string?)Check(body, "database:responseTime")["componentId"], (string?)Check(body, "database:responseTime")["status"]));
        Assert.Equal("pass", (string?)Check(body, "model:responseTime")["status"]);
        Assert.Contains("not configured", (string?)Check(body, "model:responseTime")["output"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_fails_with_503_when_a_launch_config_s_fhir_server_refuses_connections_while_live_still_passes()
    {
        var refusing = $"http://127.0.0.1:{ClosedPort()}/fhir";
        await using var app = await StartAsync(new ServerOptions { LaunchConfigs = [ConfigFor(refusing, "down-ehr")] });
        var baseUrl = SmartReasoningServer.BaseUrl(app);

        var (status, mediaType, body) = await GetAsync(baseUrl + "/health/ready");
        var live = await GetAsync(baseUrl + "/health/live");
        var health = await GetAsync(baseUrl + "/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("application/health+json", mediaType);
        Assert.Equal("fail", (string?)body["status"]);
        var fhir = Check(body, "fhir:responseTime");
        Assert.Equal(("down-ehr", "fail"), ((string?)fhir["componentId"], (string?)fhir["status"]));
        Assert.Contains("not reachable", (string?)fhir["output"], StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "pass"), (live.Status, (string?)live.Body["status"]));
        Assert.Equal((HttpStatusCode.OK, "pass"), (health.Status, (string?)health.Body["status"]));
    }

    [Fact]
    public async Task One_fhir_server_down_beside_one_that_answers_is_a_warn_not_a_failure()
    {
        await using var host = await LaunchHost.StartAsync();
        host.ServiceGet<LaunchConfigCatalogue>().Put(ConfigFor($"http://127.0.0.1:{ClosedPort()}/fhir", "down-ehr"));

        var (status, _, body) = await GetAsync(host.ServiceBase + "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("warn", (string?)body["status"]);
        var fhir = body["checks"]!["fhir:responseTime"]!.AsArray().Select(o => ((string?)o!["componentId"], (string?)o["status"])).ToList();
        Assert.Contains(("down-ehr", "warn"), fhir);
        Assert.Contains((LaunchHost.ConfigName, "pass"), fhir);
    }

    [Fact]
    public async Task A_probe_storm_reaches_the_fhir_server_once_in_the_cache_lifetime()
    {
        await using var ehr = await CdsHooks.CountingServer.StartAsync();
        await using var app = await StartAsync(new ServerOptions { LaunchConfigs = [ConfigFor(ehr.BaseUrl + "/fhir")] });

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(SmartReasoningServer.BaseUrl(app) + "/health/ready")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status));
        Assert.Equal("metadata answered 404", (string?)Check(answers[0].Body, "fhir:responseTime")["output"]);
        Assert.Equal(1, ehr.Requests);
    }

    [Fact]
    public async Task Ready_checks_postgresql_with_select_1_when_it_is_configured()
    {
        var connection = await postgres.NewDatabaseAsync();
        await using var app = await StartAsync(new ServerOptions { PostgresConnectionString = connection });

        var (status, _, body) = await GetAsync(SmartReasoningServer.BaseUrl(app) + "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("postgresql", "pass"), ((string?)Check(body, "database:responseTime")["componentId"], (string?)Check(body, "database:responseTime")["status"]));
    }

    [Fact]
    public async Task Ready_fails_when_the_configured_postgresql_cannot_be_reached_and_says_so_without_the_connection_string()
    {
        const string password = "pw-made-at-test-time";
        await using var app = SmartReasoningServer.Build(new ServerOptions
        {
            Port = 0, PostgresConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Username=sr;Password={password};Database=sr",
            // Background delivery would open the outbox at start, and a store that cannot open stops the start.
            DeliverWriteBacks = false,
        });
        await app.StartAsync(Ct);

        var (status, _, body) = await GetAsync(SmartReasoningServer.BaseUrl(app) + "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("fail", (string?)Check(body, "database:responseTime")["status"]);
        Assert.DoesNotContain(password, body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_model_endpoint_that_answers_passes_and_one_that_cannot_be_reached_only_warns()
    {
        await using var model = await CdsHooks.CountingServer.StartAsync();
        var env = new Dictionary<string, string>
        {
            [ModelOptions.EndpointVariable] = model.BaseUrl + "/openai/v1/", [ModelOptions.DeploymentVariable] = "clinical", [ModelOptions.ApiKeyVariable] = "key-made-at-test-time",
        };
        await using var up = await StartAsync(new ServerOptions { EnvironmentVariable = n => env.GetValueOrDefault(n) });
        var reachable = await GetAsync(SmartReasoningServer.BaseUrl(up) + "/health/ready");
        env[ModelOptions.EndpointVariable] = $"http://127.0.0.1:{ClosedPort()}/openai/v1/";
        await using var down = await StartAsync(new ServerOptions { EnvironmentVariable = n => env.GetValueOrDefault(n) });
        var unreachable = await GetAsync(SmartReasoningServer.BaseUrl(down) + "/health/ready");

        Assert.Equal((HttpStatusCode.OK, "pass"), (reachable.Status, (string?)Check(reachable.Body, "model:responseTime")["status"]));
        Assert.Equal(1, model.Requests);
        Assert.Equal((HttpStatusCode.OK, "warn"), (unreachable.Status, (string?)unreachable.Body["status"]));
        Assert.Equal("warn", (string?)Check(unreachable.Body, "model:responseTime")["status"]);
        Assert.DoesNotContain("key-made-at-test-time", reachable.Body.ToJsonString() + unreachable.Body.ToJsonString(), StringComparison.Ordinal);
    }
}
