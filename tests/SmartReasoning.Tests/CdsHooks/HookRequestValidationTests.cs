using System.Net;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>POST /cds-services/{id}: every rule of the request and the hook's context answers 400 with a problem that names it.</summary>
public sealed class HookRequestValidationTests : IAsyncLifetime
{
    private CdsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await CdsTestHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> BadRequestAsync(string id, JsonNode body)
    {
        using var response = await _host.PostHookAsync(id, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    private static JsonObject Without(JsonObject request, string contextField)
    {
        request["context"]!.AsObject().Remove(contextField);
        return request;
    }

    [Fact]
    public async Task Body_that_is_not_json_is_refused()
    {
        var url = _host.ServiceUrl("smartreasoning-order-sign");
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new("Bearer", _host.Sign(url));
        using var response = await _host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not JSON", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_that_does_not_match_the_service_is_refused() =>
        Assert.Contains("does not match this service", await BadRequestAsync("smartreasoning-patient-view", HookRequests.OrderSign()), StringComparison.Ordinal);

    [Fact]
    public async Task Hook_instance_that_is_not_a_uuid_is_refused()
    {
        var request = HookRequests.OrderSign();
        request["hookInstance"] = "call-42";
        Assert.Contains("hookInstance must be a UUID", await BadRequestAsync("smartreasoning-order-sign", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_hook_instance_is_refused()
    {
        var request = HookRequests.OrderSign();
        request.Remove("hookInstance");
        Assert.Contains("hookInstance is required", await BadRequestAsync("smartreasoning-order-sign", request), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smartreasoning-patient-view")]
    [InlineData("smartreasoning-order-select")]
    [InlineData("smartreasoning-order-sign")]
    public async Task Every_hook_requires_user_id(string id)
    {
        var request = Build(id);
        Assert.Contains("context.userId is required", await BadRequestAsync(id, Without(request, "userId")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smartreasoning-patient-view")]
    [InlineData("smartreasoning-order-select")]
    [InlineData("smartreasoning-order-sign")]
    public async Task Every_hook_requires_patient_id(string id) =>
        Assert.Contains("context.patientId is required", await BadRequestAsync(id, Without(Build(id), "patientId")), StringComparison.Ordinal);

    [Fact]
    public async Task User_id_must_be_a_reference()
    {
        var request = HookRequests.PatientView();
        request["context"]!["userId"] = "dr-1";
        Assert.Contains("context.userId must be a reference", await BadRequestAsync("smartreasoning-patient-view", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encounter_id_is_optional_but_must_be_an_id_when_present()
    {
        await _host.CardsAsync("smartreasoning-patient-view", HookRequests.PatientView()); // no encounterId: fine
        var request = HookRequests.PatientView();
        request["context"]!["encounterId"] = "not an id!";
        Assert.Contains("context.encounterId must be a FHIR id", await BadRequestAsync("smartreasoning-patient-view", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_select_requires_selections() =>
        Assert.Contains("context.selections is required", await BadRequestAsync("smartreasoning-order-select", Without(HookRequests.OrderSelect(), "selections")), StringComparison.Ordinal);

    [Fact]
    public async Task Order_select_selections_must_name_a_draft_order()
    {
        var request = HookRequests.OrderSelect();
        request["context"]!["selections"] = new JsonArray("MedicationRequest/elsewhere");
        Assert.Contains("not among the draftOrders", await BadRequestAsync("smartreasoning-order-select", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_select_requires_draft_orders() =>
        Assert.Contains("context.draftOrders is required for order-select", await BadRequestAsync("smartreasoning-order-select", Without(HookRequests.OrderSelect(), "draftOrders")), StringComparison.Ordinal);

    [Fact]
    public async Task Order_sign_requires_draft_orders() =>
        Assert.Contains("context.draftOrders is required for order-sign", await BadRequestAsync("smartreasoning-order-sign", Without(HookRequests.OrderSign(), "draftOrders")), StringComparison.Ordinal);

    [Fact]
    public async Task Draft_orders_must_be_a_bundle()
    {
        var request = HookRequests.OrderSign();
        request["context"]!["draftOrders"] = HookRequests.DraftMetformin();
        Assert.Contains("a FHIR Bundle of the draft orders", await BadRequestAsync("smartreasoning-order-sign", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fhir_authorization_without_fhir_server_is_refused()
    {
        var request = HookRequests.OrderSign(accessToken: "opaque-test-token");
        Assert.Contains("fhirAuthorization requires fhirServer", await BadRequestAsync("smartreasoning-order-sign", request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_service_is_not_found()
    {
        using var response = await _host.PostHookAsync("no-such-service", HookRequests.OrderSign());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static JsonObject Build(string id) => id switch
    {
        "smartreasoning-patient-view" => HookRequests.PatientView(),
        "smartreasoning-order-select" => HookRequests.OrderSelect(),
        _ => HookRequests.OrderSign(),
    };
}
