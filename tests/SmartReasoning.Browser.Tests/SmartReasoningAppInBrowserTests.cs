using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.WriteBack;
using static Microsoft.Playwright.Assertions;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// The main job in headless Chromium, as a person does it: open the sandbox chart, launch SmartReasoning, read the
/// longitudinal view and the findings, accept one, find the Observation final in the chart, order a drug and see the
/// cards; and each failure page (launch error, session ended, FHIR server unreachable, partial data).
/// </summary>
public sealed partial class SmartReasoningAppInBrowserTests
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task Launched_from_the_chart_the_app_shows_the_record_and_findings_and_an_accepted_finding_lands_final_in_the_chart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("app-main-job");
        await using var app = await RunningApp.StartAsync(cancellationToken);
        var patient = RunningApp.PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin);

        await browser.RunAsync(async () =>
        {
            var chart = browser.Page;
            await chart.GotoAsync($"{app.Sandbox.Root}/chart/{patient}");
            await chart.Locator("#launch-form summary").ClickAsync();
            await chart.Locator("#launch-need-banner").SelectOptionAsync("true");
            await chart.Locator("button#launch-app").ClickAsync();
            var frame = await browser.FindFrameAsync(app.ServiceBase + "/app");
            var page = frame.Page;

            // The longitudinal view: plots of the key series with reference ranges, and the timeline.
            await Expect(page.Locator("#findings")).ToBeVisibleAsync(Patient);
            await Expect(page.Locator("#patient-banner")).ToBeVisibleAsync();
            await Expect(page.Locator("svg.plot[data-series='egfr']")).ToBeVisibleAsync();
            await Expect(page.Locator("svg.plot[data-series='egfr'] rect.range")).ToHaveCountAsync(1);
            await Expect(page.Locator("svg.plot[data-series='hba1c'] circle.point")).Not.ToHaveCountAsync(0);
            await Expect(page.Locator("#timeline svg.timeline")).ToBeVisibleAsync();
            await Expect(page.Locator("#model-notice")).ToContainTextAsync("guideline");
            await Expect(page.Locator("#partial-data")).ToHaveCountAsync(0);
            await browser.ScreenshotAsync(page, "review");
            Assert.Equal("", await page.EvaluateAsync<string>(AccessibilityProblems));

            // The critical finding, its evidence opening the source resource, its reasoner.
            var finding = page.Locator($"article.finding[data-kind='{FindingKinds.DrugRenal.Code}']");
            await Expect(finding).ToHaveAttributeAsync("data-severity", "critical");
            await Expect(finding.Locator(".finding-reasoner")).ToContainTextAsync("guideline rules");
            var fingerprint = await finding.GetAttributeAsync("data-fingerprint");
            Assert.NotNull(fingerprint);
            var evidence = finding.Locator("a.evidence").First;
            await evidence.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#resource-json")).ToContainTextAsync("\"resourceType\"");
            await browser.ScreenshotAsync(page, "evidence");
            await page.GoBackAsync();

            // Accepting, by keyboard.
            await finding.Locator("button.accept").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(finding.Locator(".decision-status")).ToContainTextAsync("Accepted");
            await browser.ScreenshotAsync(page, "accepted");

            // The outbox delivers the decision: the Observation is final in the sandbox, and its chart says so.
            var observation = await EventuallyAsync(() => WithFingerprint(app, fingerprint!) is { Status.Enum: ObservationStatus.Final } o ? o : null);
            await chart.BringToFrontAsync();
            await chart.ReloadAsync();
            var row = chart.Locator($"#recent-observations tr.ai-assisted[data-reference='Observation/{observation.Id}']");
            await Expect(row.Locator(".observation-status")).ToHaveTextAsync("(final)");
            await browser.ScreenshotAsync(chart, "chart-shows-final-observation");

            // An order in the chart: SmartReasoning's cards.
            var cards = chart.Locator("#cds-cards");
            await chart.Locator("#order-drug").SelectOptionAsync("860975");
            await Expect(cards).ToHaveAttributeAsync("data-hook", "order-select");
            await Expect(cards.Locator(".cds-card.cds-critical")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await browser.ScreenshotAsync(chart, "order-cards");
        });
    }

    [Fact]
    public async Task A_launch_the_ehr_refuses_shows_the_launch_error_page()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("app-launch-error");
        await using var app = await RunningApp.StartAsync(cancellationToken);

        await browser.RunAsync(async () =>
        {
            var page = await LaunchAsync(browser, app, RunningApp.PatientOf(Archetype.Type2Diabetes), simulate: "ExpiredCode");
            await Expect(page.Locator("main[data-failure='launch'] #title")).ToBeVisibleAsync(Patient);
            await Expect(page.Locator("#detail")).Not.ToBeEmptyAsync();
            await browser.ScreenshotAsync(page, "launch-error");
        });
    }

    [Fact]
    public async Task An_access_token_the_ehr_keeps_refusing_shows_the_session_ended_page()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("app-session-ended");
        await using var app = await RunningApp.StartAsync(cancellationToken);

        await browser.RunAsync(async () =>
        {
            var page = await LaunchAsync(browser, app, RunningApp.PatientOf(Archetype.Type2Diabetes), simulate: "ExpiredAccessToken");
            await Expect(page.Locator("main[data-failure='session-ended'] #title")).ToHaveTextAsync("Your session with the EHR has ended", new() { Timeout = 30_000 });
            await browser.ScreenshotAsync(page, "session-ended");
        });
    }

    [Fact]
    public async Task An_ehr_whose_fhir_server_stopped_shows_the_unreachable_page()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("app-fhir-unreachable");
        await using var app = await RunningApp.StartAsync(cancellationToken);

        await browser.RunAsync(async () =>
        {
            var page = await LaunchAsync(browser, app, RunningApp.PatientOf(Archetype.Type2Diabetes));
            await Expect(page.Locator("#findings")).ToBeVisibleAsync(Patient);
            await app.StopSandboxAsync();
            await page.Locator("#review-again").ClickAsync();
            await Expect(page.Locator("main[data-failure='fhir-unreachable'] #title")).ToBeVisibleAsync(Patient);
            await browser.ScreenshotAsync(page, "fhir-unreachable");
        });
    }

    [Fact]
    public async Task Scopes_that_leave_part_of_the_record_out_show_what_is_missing_above_the_findings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("app-partial-data");
        await using var app = await RunningApp.StartAsync(cancellationToken,
            scope: "openid fhirUser launch launch/patient online_access patient/Patient.rs patient/Condition.rs patient/Observation.rs patient/MedicationRequest.rs");

        await browser.RunAsync(async () =>
        {
            var page = await LaunchAsync(browser, app, RunningApp.PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin));
            var partial = page.Locator("#partial-data");
            await Expect(partial).ToBeVisibleAsync(Patient);
            await Expect(partial).ToContainTextAsync("AllergyIntolerance");
            await Expect(partial).ToContainTextAsync("forbidden");
            await Expect(page.Locator($"article.finding[data-kind='{FindingKinds.DrugRenal.Code}']")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, "partial-data");
        });
    }

    /// <summary>
    /// A few checks a screen reader and a keyboard need, run in the page: headings never skip a level, every control has
    /// a name (its text, a label, or aria-label), every SVG figure has a title. Answers the problems found, or "".
    /// </summary>
    private const string AccessibilityProblems = """
        () => {
          const problems = [];
          let level = 0;
          for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const next = Number(h.tagName[1]);
            if (next > level + 1) problems.push('heading ' + h.tagName + ' after h' + level + ': ' + h.textContent.trim());
            level = next;
          }
          for (const c of document.querySelectorAll('button, input, select, textarea')) {
            const named = c.textContent.trim() || c.getAttribute('aria-label') || (c.id && document.querySelector('label[for="' + c.id + '"]'));
            if (!named) problems.push('unnamed ' + c.tagName + ' ' + c.outerHTML.slice(0, 80));
          }
          for (const svg of document.querySelectorAll('svg[role="img"]')) {
            if (!svg.querySelector('title')) problems.push('svg without a title');
          }
          return problems.join('; ');
        }
        """;

    /// <summary>Launches SmartReasoning from the patient's chart in the same tab, with a failure to simulate, and returns the page.</summary>
    private static async Task<IPage> LaunchAsync(BrowserSession browser, RunningApp app, string patient, string? simulate = null)
    {
        var page = browser.Page;
        await page.GotoAsync($"{app.Sandbox.Root}/chart/{patient}");
        if (simulate is not null)
        {
            await page.Locator("#launch-form summary").ClickAsync();
            await page.Locator("#launch-error").SelectOptionAsync(simulate);
        }
        await page.Locator("button#launch-app").ClickAsync();
        return (await browser.FindFrameAsync(app.ServiceBase)).Page;
    }

    private static Observation? WithFingerprint(RunningApp app, string fingerprint) =>
        app.Sandbox.Store.Current("Observation").Select(s => s.Resource).OfType<Observation>()
            .SingleOrDefault(o => o.Identifier.Any(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem && i.Value?.Value == fingerprint));

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The outbox did not deliver within 30 s.");
            await Task.Delay(250);
        }
    }
}
