using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>Accepting a suggestion changes the chart as one transaction; accepting and dismissing send feedback.</summary>
public sealed class CardDecisionTests : ChartSandbox
{
    private async Task<(HttpResponseMessage Response, JsonObject Body)> DecideAsync(string decision, JsonObject payload)
    {
        var (response, text) = await PostJsonAsync($"chart/p1/cds/{decision}", payload.ToJsonString());
        return (response, JsonNode.Parse(text)!.AsObject());
    }

    [Fact]
    public async Task Accepted_suggestion_lands_in_the_store_as_one_transaction_and_is_reported_as_accepted()
    {
        var html = await FireAsync("order-sign");
        var (exchange, card) = CardOf(html, "Bleeding risk");

        var (response, result) = await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)result["succeeded"]!, (string?)result["message"]);
        Assert.True(Store.Read("MedicationRequest", "m1")!.IsDeleted);
        var created = Assert.Single(Store.Current("MedicationRequest")); // warfarin was the only one; now apixaban is
        Assert.Contains("apixaban", System.Text.Encoding.UTF8.GetString(created.Json!), StringComparison.Ordinal);
        Assert.Equal(created.LastUpdated, Store.Read("MedicationRequest", "m1")!.LastUpdated); // written together

        var feedback = Assert.Single(Cds.Feedback);
        Assert.EndsWith("/cds-services/order-checker/feedback", feedback.Path, StringComparison.Ordinal);
        var item = feedback.Body!["feedback"]![0]!;
        Assert.Equal("card-bleeding", (string?)item["card"]);
        Assert.Equal("accepted", (string?)item["outcome"]);
        Assert.Equal("sugg-switch", (string?)item["acceptedSuggestions"]![0]!["id"]);
        Assert.True(DateTimeOffset.TryParse((string?)item["outcomeTimestamp"], System.Globalization.CultureInfo.InvariantCulture, out _));
        var jwt = new JsonWebToken(feedback.Jwt!);
        Assert.Equal("ES384", jwt.Alg);
        Assert.Equal(Cds.ServiceUrl("order-checker") + "/feedback", Assert.Single(jwt.Audiences));
    }

    [Fact]
    public async Task Second_suggestion_of_an_at_most_one_card_is_refused()
    {
        var html = await FireAsync("order-sign");
        var (exchange, card) = CardOf(html, "Bleeding risk");
        await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 1 });

        var (response, result) = await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.False((bool)result["succeeded"]!);
        Assert.False(Store.Read("MedicationRequest", "m1")!.IsDeleted);
        Assert.Single(Cds.Feedback);
    }

    [Fact]
    public async Task Suggestion_with_an_invalid_resource_changes_nothing()
    {
        Cds.Respond = (_, _) => (200, """
            {"cards":[{"uuid":"c","summary":"Bad","indicator":"info","source":{"label":"s"},"selectionBehavior":"any","suggestions":[{"label":"Half good","uuid":"s",
              "actions":[{"type":"delete","description":"stop","resourceId":"MedicationRequest/m1"},
                         {"type":"create","description":"bad","resource":{"resourceType":"Flag","status":"active","code":{"text":"x"},"subject":"Patient/p1"}}]}]}]}
            """);
        var html = await FireAsync("order-sign");
        var (exchange, card) = CardOf(html, "Bad");

        var (response, result) = await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not applied", (string?)result["message"], StringComparison.Ordinal);
        Assert.False(Store.Read("MedicationRequest", "m1")!.IsDeleted);
        Assert.Empty(Cds.Feedback);
    }

    [Fact]
    public async Task Deleting_the_draft_order_removes_the_draft_not_a_stored_resource()
    {
        var html = await FireAsync("order-sign", draftId: "draft-abc");
        var (exchange, card) = CardOf(html, "Drop the draft");
        var versionsBefore = Store.Types.Sum(t => Store.Current(t).Count);

        var (_, result) = await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 });

        Assert.True((bool)result["succeeded"]!);
        Assert.Equal("MedicationRequest/draft-abc", (string?)result["draftsRemoved"]![0]);
        Assert.Null(Store.Read("MedicationRequest", "draft-abc"));
        Assert.Equal(versionsBefore, Store.Types.Sum(t => Store.Current(t).Count));
    }

    [Fact]
    public async Task Dismissed_card_is_reported_as_overridden_with_the_chosen_reason_and_comment()
    {
        var html = await FireAsync("order-sign");
        var (exchange, card) = CardOf(html, "Bleeding risk");

        var (response, result) = await DecideAsync("dismiss", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["reason"] = 1, ["comment"] = "INR checked weekly" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)result["succeeded"]!);
        var item = Assert.Single(Cds.Feedback).Body!["feedback"]![0]!;
        Assert.Equal("card-bleeding", (string?)item["card"]);
        Assert.Equal("overridden", (string?)item["outcome"]);
        Assert.Equal("monitored", (string?)item["overrideReason"]!["reason"]!["code"]);
        Assert.Equal("http://example.org/reasons", (string?)item["overrideReason"]!["reason"]!["system"]);
        Assert.Equal("INR checked weekly", (string?)item["overrideReason"]!["userComment"]);
        Assert.False(Store.Read("MedicationRequest", "m1")!.IsDeleted);
    }

    [Fact]
    public async Task Decisions_on_unknown_exchanges_or_indexes_are_refused()
    {
        var html = await FireAsync("order-sign");
        var (exchange, card) = CardOf(html, "Bleeding risk");

        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync("accept", new JsonObject { ["exchange"] = "0000", ["card"] = 0, ["suggestion"] = 0 })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync("accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 9 })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync("dismiss", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["reason"] = 7 })).Response.StatusCode);
        var (other, _) = await PostJsonAsync("chart/p2/cds/accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 }.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode); // another patient's chart cannot use this patient's cards
        var (bad, _) = await PostJsonAsync("chart/p1/cds/accept", """{"exchange":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Empty(Cds.Feedback);
        Assert.False(Store.Read("MedicationRequest", "m1")!.IsDeleted);
    }

    [Fact]
    public async Task System_actions_are_applied_when_the_response_arrives()
    {
        Cds.Respond = (_, _) => (200, """
            {"cards":[],"systemActions":[{"type":"create","description":"log","resource":{"resourceType":"Flag","status":"active","code":{"text":"seen by CDS"},"subject":{"reference":"Patient/p1"}}}]}
            """);

        var html = await FireAsync("order-sign");

        var flag = Assert.Single(Store.Current("Flag"));
        Assert.Contains("seen by CDS", System.Text.Encoding.UTF8.GetString(flag.Json!), StringComparison.Ordinal);
        Assert.Contains("System actions: created Flag/" + flag.Id, html, StringComparison.Ordinal);
    }
}
