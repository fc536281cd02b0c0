using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Launch;
using SmartReasoning.Server;
using SmartReasoning.Server.Integration;
using SmartReasoning.Tests.CdsHooks;
using SmartReasoning.Tests.Launch;

namespace SmartReasoning.Tests.Server.Integration;

/// <summary>
/// The integration API over HTTP with tokens from a test authority: SmartReasoning (a confidential-asymmetric client of
/// the sandbox, so it can read with backend services) with the API configured for that authority.
/// </summary>
public sealed class IntegrationApiTests(IntegrationApiTests.Hosts hosts) : IClassFixture<IntegrationApiTests.Hosts>
{
    public const string Audience = "api://smartreasoning-test";
    public const string Permission = "SmartReasoning.Read";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Hosts : IAsyncLifetime
    {
        public TestAuthority Authority { get; private set; } = null!;

        public LaunchHost Service { get; private set; } = null!;

        private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("smartreasoning-api-");

        public async ValueTask InitializeAsync()
        {
            Authority = await TestAuthority.StartAsync();
            Service = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric, service: o => o with
            {
                // Its own outbox and audit trail: the counts it reads are its own, not other tests' running beside it.
                DataFolder = _data.FullName,
                DeliverWriteBacks = false,
                IntegrationApi = new IntegrationApiOptions
                {
                    Authority = new Uri(Authority.Issuer), Audiences = [Audience], RequiredScope = Permission, RequiredRole = Permission,
                },
            });
            foreach (var resource in new[] { HookRequests.Diabetes(), HookRequests.Egfr() })
                Service.Store.Write(new FhirJsonParser().Parse(HookRequests.ForPatient(resource, LaunchHost.PatientId)).Value!);
        }

        public async ValueTask DisposeAsync()
        {
            await Service.DisposeAsync();
            await Authority.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _data.Delete(recursive: true);
        }
    }

    private string ValidToken(string claim = "scp") => hosts.Authority.Token(Audience, new Dictionary<string, object>
    {
        [claim] = claim == "roles" ? new[] { Permission } : $"openid {Permission}",
    });

    private async Task<(HttpStatusCode Status, HttpResponseMessage Response, string Body)> GetAsync(string path, string? token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, hosts.Service.ServiceBase + path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, response, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_valid_token_with_the_scope_reads_the_outbox_counts()
    {
        var (status, _, body) = await GetAsync("/api/outbox", ValidToken());

        Assert.Equal(HttpStatusCode.OK, status);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(0, (int)json["failed"]!);
        Assert.NotNull(json["total"]);
    }

    [Fact]
    public async Task A_valid_token_with_the_app_role_instead_of_the_scope_is_accepted()
    {
        var (status, _, body) = await GetAsync("/api/feedback/rates", ValidToken("roles"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(JsonNode.Parse(body)!["findingKinds"]);
    }

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        var (status, response, _) = await GetAsync("/api/outbox", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    public static TheoryData<string> BadTokens => ["wrong audience", "wrong issuer", "expired", "wrong signature", "not a JWT"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_fails_validation_is_401(string what)
    {
        using var stranger = RSA.Create(2048);
        var scope = new Dictionary<string, object> { ["scp"] = Permission };
        var token = what switch
        {
            "wrong audience" => hosts.Authority.Token("api://someone-else", scope),
            "wrong issuer" => hosts.Authority.Token(Audience, scope, issuer: "https://login.microsoftonline.com/other-tenant/v2.0"),
            "expired" => hosts.Authority.Token(Audience, scope, expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong signature" => hosts.Authority.Token(Audience, scope, key: stranger),
            _ => "not-a-jwt",
        };

        var (status, response, _) = await GetAsync("/api/outbox", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task A_valid_token_without_the_scope_or_role_is_403()
    {
        var token = hosts.Authority.Token(Audience, new Dictionary<string, object> { ["scp"] = "openid profile", ["roles"] = new[] { "Other.Role" } });

        var (status, _, _) = await GetAsync("/api/outbox", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Findings_for_a_patient_are_reviewed_on_request_with_backend_services_and_the_pull_is_audited()
    {
        var fhirBase = Uri.EscapeDataString(hosts.Service.FhirBase);

        var (status, _, body) = await GetAsync($"/api/patients/{LaunchHost.PatientId}/findings?fhirBase={fhirBase}", ValidToken());
        var audit = await GetAsync($"/api/audit?patient={LaunchHost.PatientId}&since=2020-01-01&limit=5", ValidToken());

        Assert.Equal(HttpStatusCode.OK, status);
        var json = JsonNode.Parse(body)!;
        Assert.Equal($"Patient/{LaunchHost.PatientId}", (string?)json["patient"]);
        Assert.True((int)json["resources"]! >= 3, body);
        Assert.False((bool)json["partial"]!, body);
        Assert.NotNull(json["findings"]!.AsArray());
        Assert.NotNull(json["stageMilliseconds"]!["reason"]);
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        Assert.Equal("application/fhir+json", audit.Response.Content.Headers.ContentType?.MediaType);
        var bundle = JsonNode.Parse(audit.Body)!;
        Assert.Equal("searchset", (string?)bundle["type"]);
        Assert.Contains(bundle["entry"]!.AsArray(), e => (string?)e!["resource"]!["resourceType"] == "AuditEvent");
    }

    [Fact]
    public async Task Findings_for_a_fhir_server_no_launch_config_names_is_a_400_problem_and_nothing_is_sent_there()
    {
        var (status, response, body) = await GetAsync($"/api/patients/{LaunchHost.PatientId}/findings?fhirBase={Uri.EscapeDataString("http://127.0.0.1:9/fhir")}", ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("launch config", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_for_a_patient_the_ehr_does_not_have_is_a_404_problem()
    {
        var (status, response, _) = await GetAsync($"/api/patients/no-such-patient/findings?fhirBase={Uri.EscapeDataString(hosts.Service.FhirBase)}", ValidToken());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bad_audit_query_is_a_400_problem_listing_each_error()
    {
        var (status, _, body) = await GetAsync("/api/audit?since=yesterday&limit=0&patient=a/b", ValidToken());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, JsonNode.Parse(body)!["errors"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_cds_hooks_call_beside_the_configured_api_is_never_checked_against_the_authority()
    {
        var api = new IntegrationApiOptions { Authority = new Uri(hosts.Authority.Issuer), Audiences = [Audience], RequiredScope = Permission };
        await using var cds = await CdsTestHost.StartAsync(server: o => o with { IntegrationApi = api });
        var before = hosts.Authority.Requests;

        await cds.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign());

        Assert.Equal(before, hosts.Authority.Requests);
    }

    [Fact]
    public async Task Without_configuration_the_api_is_not_there_at_all()
    {
        await using var app = SmartReasoningServer.Build(new ServerOptions { Port = 0, EnvironmentVariable = _ => null });
        await app.StartAsync(Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, SmartReasoningServer.BaseUrl(app) + "/api/outbox");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ValidToken());

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void An_authority_without_an_audience_stops_the_start()
    {
        var env = new Dictionary<string, string> { [IntegrationApiOptions.AuthorityVariable] = "https://login.microsoftonline.com/tenant-1/v2.0" };

        var error = Assert.Throws<InvalidOperationException>(() => SmartReasoningServer.Build(new ServerOptions { Port = 0, EnvironmentVariable = n => env.GetValueOrDefault(n) }));

        Assert.Contains(IntegrationApiOptions.AudienceVariable, error.Message, StringComparison.Ordinal);
    }
}
