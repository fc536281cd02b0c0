using System.Net;
using System.Text.Json;
using SmartReasoning.Launch;
using SmartReasoning.Server.App;
using SmartReasoning.Tests.Launch;

namespace SmartReasoning.Tests.Server.App;

/// <summary>The app over plain HTTP, as a browser without script sees it: progress, then the review on reload; status; source resources.</summary>
public sealed class AppHttpTests
{
    private static async Task<BrowserPage> ReviewAsync(TestBrowser browser, BrowserPage page)
    {
        // What the page's refresh does without script: reload until the review is there.
        for (var i = 0; i < 50 && !page.Html.Contains("id=\"findings\"", StringComparison.Ordinal); i++)
        {
            Assert.Contains("id=\"progress\"", page.Html, StringComparison.Ordinal);
            Assert.Contains("http-equiv=\"refresh\"", page.Html, StringComparison.Ordinal);
            await Task.Delay(200, TestContext.Current.CancellationToken);
            page = await browser.GoAsync(page.Url.AbsoluteUri);
        }
        return page;
    }

    [Fact]
    public async Task The_launched_app_reviews_the_record_and_a_reload_shows_the_review_with_the_launch_context()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();

        var page = await ReviewAsync(browser, await browser.GoAsync(host.StandaloneLaunch));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(LaunchHost.PatientName, page.Element("patient-name"));
        Assert.Contains("id=\"findings\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"longitudinal\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"stage-times\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<dl id=\"launch-context\"><dt>EHR</dt><dd>" + host.FhirBase + "</dd>", page.Html, StringComparison.Ordinal);

        var key = page.Query["launch"];
        var status = await browser.GoAsync($"{host.ServiceBase}{AppEndpoints.WithLaunch(AppEndpoints.StatusPath, key)}");
        using var json = JsonDocument.Parse(status.Html);
        Assert.Equal("done", json.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Evidence_opens_the_source_resource_read_with_the_launch_and_a_bad_reference_is_a_400_page()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var page = await ReviewAsync(browser, await browser.GoAsync(host.StandaloneLaunch));
        var key = page.Query["launch"];

        var resource = await browser.GoAsync($"{host.ServiceBase}{AppEndpoints.ResourceLink($"Patient/{LaunchHost.PatientId}", key)}");
        var bad = await browser.GoAsync($"{host.ServiceBase}{AppEndpoints.WithLaunch($"{AppEndpoints.ResourcePath}/NotAType/x", key)}");

        Assert.Equal(HttpStatusCode.OK, resource.Status);
        Assert.Contains("&quot;resourceType&quot;: &quot;Patient&quot;", resource.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task Another_browser_gets_the_launch_not_open_page_and_a_problem_detail_log_line()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var page = await browser.GoAsync(host.StandaloneLaunch);
        using var other = new TestBrowser();

        var stranger = await other.GoAsync(page.Url.AbsoluteUri);

        Assert.Equal(HttpStatusCode.Unauthorized, stranger.Status);
        Assert.Equal("This launch is not open in this browser", stranger.Element("title"));
        Assert.DoesNotContain(LaunchHost.PatientName, stranger.Html, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, l => l.Message.StartsWith("Launch failed:", StringComparison.Ordinal) && l.Message.Contains("\"status\":401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_record_the_scopes_cut_short_shows_what_is_missing_and_logs_it_as_a_problem_without_patient_data()
    {
        await using var host = await LaunchHost.StartAsync(scope: "openid fhirUser launch launch/patient online_access patient/Patient.rs patient/Condition.rs");
        using var browser = new TestBrowser();

        var page = await ReviewAsync(browser, await browser.GoAsync(host.StandaloneLaunch));

        Assert.Contains("id=\"partial-data\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>MedicationRequest</strong>: forbidden", page.Html, StringComparison.Ordinal);
        var problem = Assert.Single(host.Logs.Lines, l => l.Message.StartsWith("Review partial:", StringComparison.Ordinal));
        Assert.Contains("urn:smartreasoning:problem:app:partial-data", problem.Message, StringComparison.Ordinal);
        Assert.Contains("MedicationRequest (403)", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LaunchHost.PatientId, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", host.Logs.All, StringComparison.Ordinal);
    }
}
