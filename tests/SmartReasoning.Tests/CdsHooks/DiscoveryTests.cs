using System.Text.Json.Nodes;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>GET /cds-services: the three services with their prefetch templates.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovery_lists_patient_view_order_select_and_order_sign_with_prefetch_templates()
    {
        await using var host = await CdsTestHost.StartAsync();

        var text = await host.Http.GetStringAsync(new Uri(host.BaseUrl + "/cds-services"), TestContext.Current.CancellationToken);

        var services = JsonNode.Parse(text)!["services"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["patient-view", "order-select", "order-sign"], services.Select(s => (string?)s["hook"]));
        Assert.Equal(["smartreasoning-patient-view", "smartreasoning-order-select", "smartreasoning-order-sign"], services.Select(s => (string?)s["id"]));
        foreach (var service in services)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)service["title"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)service["description"]));
            var prefetch = service["prefetch"]!.AsObject();
            Assert.Equal("Patient/{{context.patientId}}", (string?)prefetch["patient"]);
            Assert.Contains("{{context.patientId}}", (string?)prefetch["conditions"], StringComparison.Ordinal);
            Assert.Contains("status=active", (string?)prefetch["medications"], StringComparison.Ordinal);
            Assert.StartsWith("AllergyIntolerance?", (string?)prefetch["allergies"], StringComparison.Ordinal);
            Assert.Contains("category=laboratory", (string?)prefetch["labs"], StringComparison.Ordinal);
            Assert.Contains("category=vital-signs", (string?)prefetch["vitals"], StringComparison.Ordinal);
            Assert.Equal("Practitioner/{{userPractitionerId}}", (string?)prefetch["practitioner"]);
        }
    }

    [Fact]
    public async Task Discovery_answers_a_browser_preflight_without_a_token()
    {
        await using var host = await CdsTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, host.ServiceUrl("smartreasoning-order-sign"));
        request.Headers.Add("Origin", "http://ehr.example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cross_origin_hook_call_gets_the_allow_origin_header()
    {
        await using var host = await CdsTestHost.StartAsync();
        var url = host.ServiceUrl("smartreasoning-patient-view");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(HookRequests.PatientView().ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://ehr.example.test");
        request.Headers.Authorization = new("Bearer", host.Sign(url));

        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
