using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// Prefetch used when complete; a key missing, null, an OperationOutcome or paginated makes the service fetch the record
/// from a real sandbox FHIR server (which demands the token it issued); 412 when the data cannot be had.
/// </summary>
public sealed class PrefetchTests : IAsyncLifetime
{
    private WebApplication _sandbox = null!;
    private CdsTestHost _host = null!;
    private string _fhirBase = "";
    private string _token = "";
    private readonly FhirResourceStore _store = new();

    public async ValueTask InitializeAsync()
    {
        foreach (var resource in HookRequests.Record()) _store.Write(new FhirJsonParser().Parse(resource.ToJsonString()).Value!);
        _sandbox = SandboxServer.Build(new SandboxOptions { Port = 0, LoadCohort = false, CdsServices = [] }, _store);
        await _sandbox.StartAsync(TestContext.Current.CancellationToken);
        var root = SandboxServer.BaseUrl(_sandbox);
        _fhirBase = root + "/fhir";
        _token = _sandbox.Services.GetRequiredService<AccessTokenService>().Issue(new AccessGrant
        {
            ClientId = "sandbox-ehr-cds",
            Scope = "patient/*.rs",
            Patient = HookRequests.PatientId,
            TokenId = Guid.NewGuid().ToString("N"),
            ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        }, root, _fhirBase);
        _host = await CdsTestHost.StartAsync(o => o with { AllowedFhirServers = [_fhirBase] });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private static JsonObject PrefetchWith(string key, JsonNode? value)
    {
        var prefetch = HookRequests.FullPrefetch();
        prefetch[key] = value;
        return prefetch;
    }

    private static JsonObject PrefetchWithout(string key)
    {
        var prefetch = HookRequests.FullPrefetch();
        prefetch.Remove(key);
        return prefetch;
    }

    private static JsonObject Outcome() => JsonNode.Parse("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"could not fetch"}]}""")!.AsObject();

    private static JsonObject Paginated()
    {
        var bundle = HookRequests.Searchset();
        bundle["link"] = new JsonArray(new JsonObject { ["relation"] = "next", ["url"] = "http://elsewhere.example/fhir/Observation?page=2" });
        return bundle;
    }

    private static string Summaries(JsonObject response) =>
        string.Join(" | ", response["cards"]!.AsArray().Select(c => (string?)c!["summary"]));

    [Fact]
    public async Task Complete_prefetch_is_used_without_calling_the_fhir_server()
    {
        // No fhirServer at all: the prefetch alone must do.
        var response = await _host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign());

        Assert.Contains("Metformin is contraindicated: eGFR 25", Summaries(response), StringComparison.Ordinal);
        Assert.Empty(response["systemActions"]!.AsArray());
    }

    public static TheoryData<string> UnusableKinds => ["missing", "null", "outcome", "paginated", "incomplete"];

    [Theory]
    [MemberData(nameof(UnusableKinds))]
    public async Task Unusable_prefetch_key_is_fetched_from_the_fhir_server_with_the_token(string kind)
    {
        // The labs key holds the eGFR: without the fetch there would be no renal card.
        var prefetch = kind switch
        {
            "missing" => PrefetchWithout("labs"),
            "null" => PrefetchWith("labs", null),
            "outcome" => PrefetchWith("labs", Outcome()),
            "paginated" => PrefetchWith("labs", Paginated()),
            _ => PrefetchWith("labs", new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = 3, ["entry"] = new JsonArray() }),
        };

        var response = await _host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign(prefetch, _fhirBase, _token));

        Assert.Contains("Metformin is contraindicated: eGFR 25", Summaries(response), StringComparison.Ordinal);
        Assert.DoesNotContain(_token, _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_prefetch_at_all_fetches_the_whole_record()
    {
        var request = HookRequests.OrderSign(null, _fhirBase, _token);
        request.Remove("prefetch");

        var response = await _host.CardsAsync("smartreasoning-order-sign", request);

        Assert.Contains("Metformin is contraindicated: eGFR 25", Summaries(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_optional_practitioner_key_does_not_need_the_fhir_server()
    {
        var prefetch = HookRequests.FullPrefetch();
        Assert.False(prefetch.ContainsKey("practitioner"));
        var response = await _host.CardsAsync("smartreasoning-patient-view", HookRequests.PatientView(prefetch));
        Assert.NotNull(response["cards"]);
    }

    [Fact]
    public async Task Unusable_prefetch_without_a_fhir_server_is_412()
    {
        using var response = await _host.PostHookAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWith("labs", null)));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("names no fhirServer", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_the_fhir_server_refuses_is_412()
    {
        using var response = await _host.PostHookAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWith("labs", null), _fhirBase, "not-a-token-the-sandbox-issued"));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("refused the access token", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patient_the_fhir_server_does_not_have_is_412()
    {
        var request = HookRequests.OrderSign(PrefetchWithout("patient"), _fhirBase, _token);
        request["context"]!["patientId"] = "nobody";
        request["context"]!["draftOrders"] = HookRequests.Drafts();

        using var response = await _host.PostHookAsync("smartreasoning-order-sign", request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }
}
