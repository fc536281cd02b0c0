using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>What the sandbox sends a CDS service when the chart fires a hook: context, prefetch, fhirAuthorization, signed JWT.</summary>
public sealed class CdsHookRequestTests : ChartSandbox
{
    [Fact]
    public async Task Order_sign_request_carries_the_hook_context_and_the_draft_order()
    {
        await FireAsync("order-sign", encounterId: "e1");

        var body = Assert.Single(Cds.HookCalls).Body!;
        Assert.Equal("order-sign", (string?)body["hook"]);
        Assert.True(Guid.TryParse((string?)body["hookInstance"], out _));
        Assert.Equal(FhirBase, (string?)body["fhirServer"]);
        var context = body["context"]!;
        Assert.Equal("Practitioner/dr-1", (string?)context["userId"]);
        Assert.Equal("p1", (string?)context["patientId"]);
        Assert.Equal("e1", (string?)context["encounterId"]);
        Assert.Null(context["selections"]);
        var draft = context["draftOrders"]!["entry"]![0]!["resource"]!;
        Assert.Equal("MedicationRequest", (string?)draft["resourceType"]);
        Assert.Equal("draft-abc", (string?)draft["id"]);
        Assert.Equal("draft", (string?)draft["status"]);
        Assert.Equal("197805", (string?)draft["medicationCodeableConcept"]!["coding"]![0]!["code"]);
        Assert.Equal("Patient/p1", (string?)draft["subject"]!["reference"]);
    }

    [Fact]
    public async Task Order_select_names_the_chosen_draft_in_selections()
    {
        await FireAsync("order-select", draftId: "draft-xyz");

        var context = Assert.Single(Cds.HookCalls).Body!["context"]!;
        Assert.Equal("MedicationRequest/draft-xyz", (string?)context["selections"]![0]);
        Assert.Equal("draft-xyz", (string?)context["draftOrders"]!["entry"]![0]!["resource"]!["id"]);
    }

    [Fact]
    public async Task Prefetch_templates_are_filled_from_the_store_with_every_token_replaced()
    {
        await FireAsync("order-sign", encounterId: "e1");

        var prefetch = Assert.Single(Cds.HookCalls).Body!["prefetch"]!.AsObject();
        Assert.Equal(["patient", "meds", "user", "practitioner", "encounter"], prefetch.Select(p => p.Key));
        Assert.Equal("p1", (string?)prefetch["patient"]!["id"]);
        Assert.Equal("Patient", (string?)prefetch["patient"]!["resourceType"]);
        Assert.Equal("searchset", (string?)prefetch["meds"]!["type"]);
        Assert.Equal("m1", (string?)prefetch["meds"]!["entry"]![0]!["resource"]!["id"]);
        Assert.Equal(1, (int?)prefetch["meds"]!["total"]);
        Assert.Equal("dr-1", (string?)prefetch["user"]!["id"]);
        Assert.Equal("dr-1", (string?)prefetch["practitioner"]!["id"]);
        Assert.Equal("e1", (string?)prefetch["encounter"]!["id"]);
        Assert.DoesNotContain("{{", prefetch.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefetch_key_whose_token_has_no_value_is_left_out()
    {
        var html = await FireAsync("order-sign"); // no encounter in context

        var prefetch = Assert.Single(Cds.HookCalls).Body!["prefetch"]!.AsObject();
        Assert.False(prefetch.ContainsKey("encounter"));
        Assert.True(prefetch.ContainsKey("patient"));
        Assert.Contains("prefetch &#39;encounter&#39; left out", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefetch_option_omit_leaves_out_every_key_but_the_first()
    {
        await FireAsync("order-sign", prefetch: "omit", encounterId: "e1");

        var prefetch = Assert.Single(Cds.HookCalls).Body!["prefetch"]!.AsObject();
        Assert.Equal(["patient"], prefetch.Select(p => p.Key));
    }

    [Fact]
    public async Task Prefetch_option_null_sends_every_key_as_null()
    {
        await FireAsync("order-sign", prefetch: "null", encounterId: "e1");

        var prefetch = Assert.Single(Cds.HookCalls).Body!["prefetch"]!.AsObject();
        Assert.Equal(5, prefetch.Count);
        Assert.All(prefetch, p => Assert.Null(p.Value));
    }

    [Fact]
    public async Task Prefetch_option_outcome_sends_operation_outcomes_for_the_chosen_keys_only()
    {
        await FireAsync("order-sign", prefetch: "outcome", keys: ["meds"]);

        var prefetch = Assert.Single(Cds.HookCalls).Body!["prefetch"]!.AsObject();
        Assert.Equal("OperationOutcome", (string?)prefetch["meds"]!["resourceType"]);
        Assert.Equal("error", (string?)prefetch["meds"]!["issue"]![0]!["severity"]);
        Assert.Equal("Patient", (string?)prefetch["patient"]!["resourceType"]);
    }

    [Fact]
    public async Task Request_jwt_is_es384_with_jku_and_kid_and_verifies_against_the_sandbox_jwks()
    {
        await FireAsync("order-sign");

        var jwt = Assert.Single(Cds.HookCalls).Jwt!;
        var token = new JsonWebToken(jwt);
        Assert.Equal("ES384", token.Alg);
        Assert.Equal(Root + "/.well-known/jwks.json", token.GetHeaderValue<string>("jku"));
        var keys = Service<SigningKeys>();
        Assert.Equal(keys.EcP384.KeyId, token.Kid);
        var jwks = new JsonWebKeySet(keys.Jwks().ToJsonString());
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha384],
            ValidIssuer = Root,
            ValidAudience = Cds.ServiceUrl("order-checker"),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("sandbox-ehr", token.Subject);
        Assert.Equal(Cds.ServiceUrl("order-checker"), Assert.Single(token.Audiences));
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.InRange((token.ValidTo - token.IssuedAt).TotalSeconds, 1, 300);
    }

    [Fact]
    public async Task Service_verifies_the_jwt_with_the_key_its_jku_serves()
    {
        await FireAsync("patient-view");

        Assert.True(Assert.Single(Cds.HookCalls).VerifiedByJku, "the JWT did not verify with the sandbox's /.well-known/jwks.json");
    }

    [Fact]
    public async Task Each_request_gets_its_own_jti()
    {
        await FireAsync("order-sign");
        await FireAsync("order-sign");

        var ids = Cds.HookCalls.Select(c => new JsonWebToken(c.Jwt!).Id).ToList();
        Assert.Equal(2, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Fhir_authorization_is_a_short_token_for_the_patient_that_the_fhir_server_accepts()
    {
        await FireAsync("order-sign");

        var authorization = Assert.Single(Cds.HookCalls).Body!["fhirAuthorization"]!;
        Assert.Equal("Bearer", (string?)authorization["token_type"]);
        Assert.InRange((int)authorization["expires_in"]!, 1, 300);
        Assert.Equal("patient/*.rs", (string?)authorization["scope"]);
        Assert.Equal("order-checker", (string?)authorization["subject"]);
        Assert.Equal("p1", (string?)authorization["patient"]);
        var tokens = Service<AccessTokenService>();
        var check = await tokens.ValidateAsync((string)authorization["access_token"]!, FhirBase);
        Assert.True(check.IsValid, check.Error);
        Assert.Equal("p1", check.Grant!.Patient);
        Assert.Equal("sandbox-ehr-cds", check.Grant.ClientId);
        Assert.True(check.Grant.ExpiresAt <= DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.False((await tokens.ValidateAsync((string)authorization["access_token"]!, Root + "/other")).IsValid);
    }

    [Fact]
    public async Task Discovery_routes_each_hook_to_its_services_only()
    {
        await FireAsync("patient-view");

        var call = Assert.Single(Cds.HookCalls);
        Assert.EndsWith("/cds-services/chart-greeter", call.Path, StringComparison.Ordinal);
        Assert.Equal("patient-view", (string?)call.Body!["hook"]);
        Assert.False(call.Body["context"]!.AsObject().ContainsKey("draftOrders"));
    }

    [Fact]
    public async Task Service_added_by_the_page_is_called_too()
    {
        await using var other = await FakeCdsService.StartAsync();
        var payload = new JsonObject { ["prefetch"] = "normal", ["services"] = new JsonArray(other.DiscoveryUrl) };

        var (response, html) = await PostJsonAsync("chart/p1/cds/patient-view", payload.ToJsonString());

        Assert.True(response.IsSuccessStatusCode);
        Assert.Single(other.HookCalls);
        Assert.Single(Cds.HookCalls);
        Assert.Contains("2 services, 2 cards", html, StringComparison.Ordinal);
    }
}
