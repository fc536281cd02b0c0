using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartReasoning.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// EHR launches in headless Chromium: the sandbox's chart page launches a test app built on fhirclient's browser
/// library, which completes discovery, authorize (PKCE S256), the token request and a FHIR read with the bearer
/// token against a sandbox that enforces tokens.
/// </summary>
public sealed partial class EhrLaunchInBrowserTests
{
    [Theory]
    [InlineData("launch-app", "new-tab")]
    [InlineData("launch-app-inline", "inline")]
    public async Task Chart_page_launches_the_app_which_reads_the_patient_in_context_with_fhirclient(string button, string where)
    {
        TestEnvironment.RequireFhirClient();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync($"chart-launch-{where}");
        await using var app = await SmartTestApp.StartAsync(cancellationToken);
        await using var sandbox = await RunningSandbox.StartAsync(
            new SandboxOptions { Clients = [app.Registration], AppLaunchUrl = app.LaunchUrl, CdsServices = [] }, cancellationToken);
        var patient = sandbox.SomePatient();
        await sandbox.AssertTokensEnforcedAsync(patient, cancellationToken);

        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            await page.GotoAsync(sandbox.Root + "/");
            await browser.ScreenshotAsync(page, "patient-list");
            await page.Locator($"a.patient-link[href='/chart/{patient.Id}']").ClickAsync();
            await page.WaitForURLAsync(new Regex($"/chart/{Regex.Escape(patient.Id)}$"));
            await Expect(page.Locator("#patient-name")).ToContainTextAsync(patient.Family);
            await browser.ScreenshotAsync(page, "chart");

            await page.Locator($"button#{button}").ClickAsync();

            var appFrame = await browser.FindFrameAsync(app.RedirectUrl);
            await AssertAppShowsAsync(appFrame, patient);
            await browser.ScreenshotAsync(appFrame.Page, "app-shows-patient");
        });
    }

    [Fact]
    public async Task Launch_url_of_the_chart_starts_an_ehr_launch_that_fhirclient_completes_in_the_browser()
    {
        TestEnvironment.RequireFhirClient();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("launch-url");
        await using var app = await SmartTestApp.StartAsync(cancellationToken);
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions { Clients = [app.Registration] }, cancellationToken);
        var patient = sandbox.SomePatient();
        await sandbox.AssertTokensEnforcedAsync(patient, cancellationToken);

        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            await page.GotoAsync($"{sandbox.Root}/chart/{patient.Id}/launch?app={Uri.EscapeDataString(app.LaunchUrl)}");
            await AssertAppShowsAsync(await browser.FindFrameAsync(app.RedirectUrl), patient);
            await browser.ScreenshotAsync(page, "app-shows-patient");
        });
    }

    /// <summary>Waits for the test app to finish (it shows "ready" or "failed") and checks it shows the patient.</summary>
    internal static async Task AssertAppShowsAsync(IFrame app, CohortPatient patient)
    {
        await Expect(app.Locator("#status")).ToHaveTextAsync(Finished());
        var error = await app.Locator("#error").TextContentAsync();
        Assert.True(string.IsNullOrEmpty(error), $"fhirclient failed in the browser: {error}");
        Assert.Equal(patient.Id, await app.Locator("#patient-id").TextContentAsync());
        Assert.Equal(patient.DisplayName, await app.Locator("#patient-name").TextContentAsync());
    }

    [GeneratedRegex("^(ready|failed)$")]
    private static partial Regex Finished();
}
