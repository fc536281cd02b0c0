using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// An order on the chart page in headless Chromium, through CDS Hooks to a (fake) service and back: the card is
/// rendered, accepting its suggestion changes the sandbox's FHIR store, and the service hears the feedback.
/// </summary>
public sealed partial class OrderCardsInBrowserTests
{
    [Fact]
    public async Task Signing_an_order_renders_the_services_card_and_accepting_its_suggestion_writes_to_the_store()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync("order-cards");
        await using var cds = await FakeCdsService.StartAsync(cancellationToken);
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions { CdsServices = [cds.DiscoveryUrl] }, cancellationToken);
        var patient = sandbox.SomePatient();

        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            await page.GotoAsync($"{sandbox.Root}/chart/{patient.Id}");
            var cards = page.Locator("#cds-cards");
            // patient-view fires on opening; the service offers only order-sign, so it ends with no card.
            await Expect(cards).ToHaveAttributeAsync("data-state", Finished());
            await browser.ScreenshotAsync(page, "chart");

            var ibuprofen = await page.Locator("#order-drug option").Filter(new LocatorFilterOptions { HasTextRegex = Ibuprofen() }).First.GetAttributeAsync("value");
            await page.Locator("#order-drug").SelectOptionAsync(ibuprofen!);
            await Expect(cards).ToHaveAttributeAsync("data-hook", "order-select");
            await Expect(cards).ToHaveAttributeAsync("data-state", Finished());
            await browser.ScreenshotAsync(page, "order-chosen");

            await page.Locator("button#order-sign").ClickAsync();
            await Expect(cards).ToHaveAttributeAsync("data-hook", "order-sign");
            await Expect(cards).ToHaveAttributeAsync("data-state", "done");
            var card = cards.Locator(".cds-card").Filter(new LocatorFilterOptions { HasText = FakeCdsService.CardSummary });
            await Expect(card.Locator(".cds-summary")).ToContainTextAsync(FakeCdsService.CardSummary);
            await Expect(card).ToHaveClassAsync(WarningCard());
            // The detail's Markdown is rendered, not shown as source.
            await Expect(card.Locator(".cds-detail strong")).ToHaveTextAsync("amlodipine");
            await browser.ScreenshotAsync(page, "card-rendered");

            await card.Locator("button.cds-accept").Filter(new LocatorFilterOptions { HasText = FakeCdsService.SuggestionLabel }).ClickAsync();
            await Expect(card.Locator(".cds-card-status")).Not.ToBeEmptyAsync();
            await browser.ScreenshotAsync(page, "suggestion-accepted");
        });

        var created = sandbox.Store.Current("MedicationRequest").Select(r => r.Resource).OfType<MedicationRequest>()
            .Where(m => m.Identifier.Any(i => i.System?.Value == FakeCdsService.SuggestionSystem && i.Value?.Value == cds.SuggestionMarker))
            .ToList();
        var request = Assert.Single(created);
        Assert.Equal($"Patient/{patient.Id}", request.Subject?.ReferenceValue?.Value);

        var signCall = Assert.Single(cds.Requests, r => r["hook"]?.GetValue<string>() == "order-sign");
        Assert.Equal(patient.Id, signCall["context"]?["patientId"]?.GetValue<string>());
        Assert.StartsWith("Bearer ", signCall["authorization"]?.GetValue<string>(), StringComparison.Ordinal);
        var feedback = Assert.Single(cds.Feedback).ToJsonString();
        Assert.Contains("\"accepted\"", feedback, StringComparison.Ordinal);
    }

    [GeneratedRegex("^(done|failed)$")]
    private static partial Regex Finished();

    [GeneratedRegex("ibuprofen", RegexOptions.IgnoreCase)]
    private static partial Regex Ibuprofen();

    [GeneratedRegex(@"\bcds-warning\b")]
    private static partial Regex WarningCard();
}
