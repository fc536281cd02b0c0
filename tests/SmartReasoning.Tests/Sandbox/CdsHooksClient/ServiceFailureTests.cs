using System.Net;
using System.Text.Json.Nodes;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>A failing service shows as a message in the page; the chart and the other services carry on.</summary>
public sealed class ServiceFailureTests : ChartSandbox
{
    private const string Refused = "http://127.0.0.1:9/cds-services"; // the discard port: nothing listens there

    protected override SandboxOptions Configure(SandboxOptions options) => options with { CdsServices = [.. options.CdsServices, Refused] };

    [Fact]
    public async Task Refused_connection_is_reported_and_the_reachable_service_still_answers()
    {
        var html = await FireAsync("patient-view");

        Assert.Contains($"<p class=\"cds-error\" role=\"alert\">CDS discovery at {Refused}: GET {Refused} failed", html, StringComparison.Ordinal);
        Assert.Contains("Hello from chart-greeter", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "{\"error\":\"boom\"}", "answered 500")]
    [InlineData(404, "", "answered 404")]
    [InlineData(200, "{not json", "answered with invalid JSON")]
    [InlineData(200, "{\"cardz\":[]}", "without a &quot;cards&quot; array")]
    public async Task Service_errors_are_shown_as_messages(int status, string body, string expected)
    {
        Cds.Respond = (_, _) => (status, body);

        var html = await FireAsync("order-sign");

        Assert.Contains("<p class=\"cds-error\" role=\"alert\">POST " + Cds.ServiceUrl("order-checker"), html, StringComparison.Ordinal);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<article", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_that_never_answers_times_out_with_a_message()
    {
        Cds.Respond = (_, _) => (0, ""); // hangs until the caller gives up
        using var client = new CdsServiceClient(TimeSpan.FromMilliseconds(200));
        var discovery = await client.DiscoverAsync(Cds.DiscoveryUrl, TestContext.Current.CancellationToken);
        var service = discovery.Services.Single(s => s.Id == "order-checker");
        var signer = Service<CdsHookRunner>().Signer(Root);

        var result = await client.CallAsync(service, new JsonObject { ["hook"] = "order-sign" }, signer, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("did not answer within 0.2 s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_hook_requests_from_the_page_are_problems()
    {
        var (notJson, _) = await PostJsonAsync("chart/p1/cds/patient-view", "{}", "text/plain");
        var (unknownHook, _) = await PostJsonAsync("chart/p1/cds/encounter-start", "{}");
        var (noOrder, _) = await PostJsonAsync("chart/p1/cds/order-sign", "{}");
        var (badDrug, _) = await PostJsonAsync("chart/p1/cds/order-select", """{"order":{"drug":"1","draftId":"d"}}""");
        var (badPrefetch, _) = await PostJsonAsync("chart/p1/cds/patient-view", """{"prefetch":"some"}""");
        var (badService, _) = await PostJsonAsync("chart/p1/cds/patient-view", """{"services":["file:///etc/passwd"]}""");
        var (broken, _) = await PostJsonAsync("chart/p1/cds/patient-view", "{");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownHook.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noOrder.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDrug.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPrefetch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badService.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(Cds.HookCalls);
    }
}
