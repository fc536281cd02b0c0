using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Server;
using static Microsoft.Playwright.Assertions;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// SmartReasoning's own CDS Hooks service behind the sandbox chart in headless Chromium: ordering metformin for the
/// kidney-disease patient renders the critical card, its evidence as values and dates, and its SMART link.
/// </summary>
public sealed partial class SmartReasoningCardsInBrowserTests
{
    [Fact]
    public async Task Signing_metformin_in_kidney_disease_renders_smartreasonings_critical_card()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("smartreasoning-cards");
        await using var service = SmartReasoningServer.Build(new ServerOptions { Port = 0 });
        await service.StartAsync(cancellationToken);
        var serviceBase = SmartReasoningServer.BaseUrl(service);
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions { CdsServices = [serviceBase + "/cds-services"] }, cancellationToken);
        var urls = new SandboxUrls(sandbox.Root);
        service.Services.GetRequiredService<CdsClientRegistry>().Put(new CdsClient { Issuer = urls.Issuer, JkuUrls = [urls.Jwks] });
        service.Services.GetRequiredService<AllowedFhirServers>().Add(urls.FhirBase);
        var patient = SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin)
            .Entry.Select(e => e.Resource).OfType<SmartReasoning.Fhir.Model.Patient>().Single().Id;

        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            await page.GotoAsync($"{sandbox.Root}/chart/{patient}");
            var cards = page.Locator("#cds-cards");
            await Expect(cards).ToHaveAttributeAsync("data-state", Finished());

            await page.Locator("#order-drug").SelectOptionAsync("860975");
            await Expect(cards).ToHaveAttributeAsync("data-hook", "order-select");
            await Expect(cards).ToHaveAttributeAsync("data-state", Finished());
            await page.Locator("button#order-sign").ClickAsync();
            await Expect(cards).ToHaveAttributeAsync("data-hook", "order-sign");
            await Expect(cards).ToHaveAttributeAsync("data-state", "done");

            var card = cards.Locator(".cds-card").Filter(new LocatorFilterOptions { HasText = "Metformin is contraindicated" });
            await Expect(card).ToHaveClassAsync(CriticalCard());
            await Expect(card.Locator(".cds-detail")).ToContainTextAsync("mL/min/1.73m2 on ");
            await Expect(card.Locator(".cds-detail strong").First).ToContainTextAsync("mL/min/1.73m2");
            await Expect(card).ToContainTextAsync("Open SmartReasoning for this patient");
            await browser.ScreenshotAsync(page, "smartreasoning-card");
        });
    }

    [GeneratedRegex("^(done|failed)$")]
    private static partial Regex Finished();

    [GeneratedRegex(@"\bcds-critical\b")]
    private static partial Regex CriticalCard();
}
