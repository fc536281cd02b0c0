using System.Net;

namespace SmartReasoning.Tests.Sandbox.Chart;

/// <summary>The patient list and the chart page: content from the store, HTML-encoded, with the ids the browser tests use.</summary>
public sealed class ChartPageTests : ChartSandbox
{
    [Fact]
    public async Task Patient_list_links_every_patient_and_encodes_their_names()
    {
        var (response, html) = await GetAsync("");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/chart/p1\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/chart/p2\"", html, StringComparison.Ordinal);
        Assert.Contains("Ann O&#39;Neil &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("1980-05-06", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patient_list_filters_by_name()
    {
        var (_, html) = await GetAsync("?q=bob");

        Assert.Contains("href=\"/chart/p2\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/chart/p1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_shows_banner_problems_medications_labs_and_observations_written_by_apps()
    {
        var (response, html) = await GetAsync("chart/p1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 id=\"patient-name\">Ann O&#39;Neil &lt;script&gt;alert(1)&lt;/script&gt;</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"patient-birth-date\">1950-01-02", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"patient-sex\">female</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Atrial fibrillation", html, StringComparison.Ordinal);
        Assert.Contains("warfarin sodium 5 MG Oral Tablet", html, StringComparison.Ordinal);
        Assert.Contains("3.1 INR", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-reference=\"Observation/o-ai\" class=\"ai-assisted\">", html, StringComparison.Ordinal);
        Assert.Contains("data-reference=\"Practitioner/dr-1\">Rafael Ravensworth</span>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"e1\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"e2\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_has_the_stable_controls_each_with_a_label()
    {
        var (_, html) = await GetAsync("chart/p1");

        foreach (var element in new[] { "<button type=\"submit\" id=\"launch-app\"", "<select id=\"order-drug\"", "<button type=\"button\" id=\"order-sign\"", "<div id=\"cds-cards\"", "<iframe id=\"app-frame\"" })
            Assert.Contains(element, html, StringComparison.Ordinal);
        foreach (var id in new[] { "order-drug", "order-dose", "launch-intent", "launch-need-banner", "launch-style", "launch-tenant", "launch-error", "launch-app-url", "cds-prefetch", "cds-service-url", "chart-encounter" })
            Assert.Contains($"<label for=\"{id}\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"855332\"", html, StringComparison.Ordinal); // warfarin by its RxNorm code
        Assert.Contains("<option value=\"ExpiredAccessToken\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_forbids_inline_script_and_serves_its_own_script()
    {
        var (response, html) = await GetAsync("chart/p1");
        var (script, js) = await GetAsync("assets/chart.js");

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script src=\"/assets/chart.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("fire('patient-view')", js, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_patient_is_a_404_problem()
    {
        var (response, body) = await GetAsync("chart/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nobody", body, StringComparison.Ordinal);
    }
}
