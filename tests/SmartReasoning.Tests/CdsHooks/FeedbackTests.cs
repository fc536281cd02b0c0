using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>POST /cds-services/{id}/feedback: stored once, kept across restarts, counted per finding kind.</summary>
public sealed class FeedbackTests
{
    private const string Service = "smartreasoning-order-sign";

    private static JsonObject Accepted(string card, string suggestion, string timestamp) => new()
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card,
            ["outcome"] = "accepted",
            ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = suggestion }),
            ["outcomeTimestamp"] = timestamp,
        }),
    };

    private static JsonObject Overridden(string card, string timestamp) => new()
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card,
            ["outcome"] = "overridden",
            ["overrideReason"] = new JsonObject
            {
                ["reason"] = new JsonObject { ["system"] = "https://smartreasoning.dev/fhir/CodeSystem/override-reason", ["code"] = "patient-aware", ["display"] = "Patient aware" },
                ["userComment"] = "discussed at the visit",
            },
            ["outcomeTimestamp"] = timestamp,
        }),
    };

    private static async Task<JsonObject> SendAsync(CdsTestHost host, JsonObject feedback)
    {
        var url = host.ServiceUrl(Service) + "/feedback";
        using var response = await host.PostAsync(url, feedback, host.Sign(url));
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> RatesAsync(CdsTestHost host, string kind)
    {
        var url = host.BaseUrl + "/cds-services/feedback/summary";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Sign(url));
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["findingKinds"]!.AsArray().Single(k => (string?)k!["findingKind"] == kind)!.AsObject();
    }

    private const string EhrFhirBase = "https://ehr.example.test/fhir";

    private static async Task<(string Card, string Suggestion)> RenalCardAsync(CdsTestHost host, string? fhirServer = null)
    {
        var response = await host.CardsAsync(Service, HookRequests.OrderSign(fhirServer: fhirServer));
        var card = response["cards"]!.AsArray().Single(c => (string?)c!["source"]!["topic"]!["code"] == "drug-renal")!;
        return ((string)card["uuid"]!, (string)card["suggestions"]![0]!["uuid"]!);
    }

    [Fact]
    public async Task Duplicate_feedback_is_stored_once()
    {
        await using var host = await CdsTestHost.StartAsync();
        var (card, suggestion) = await RenalCardAsync(host);

        var first = await SendAsync(host, Accepted(card, suggestion, "2026-01-02T03:04:05Z"));
        var again = await SendAsync(host, Accepted(card, suggestion, "2026-01-02T03:04:05Z"));

        Assert.Equal(1, (int)first["stored"]!);
        Assert.Equal(0, (int)again["stored"]!);
        Assert.Equal(1, (int)again["duplicates"]!);
        Assert.Equal(1, (int)(await RatesAsync(host, "drug-renal"))["accepted"]!);
    }

    [Fact]
    public async Task Accept_and_override_rates_are_counted_per_finding_kind()
    {
        await using var host = await CdsTestHost.StartAsync();
        var (card1, suggestion1) = await RenalCardAsync(host);
        var (card2, _) = await RenalCardAsync(host);
        var (card3, _) = await RenalCardAsync(host);

        await SendAsync(host, Accepted(card1, suggestion1, "2026-01-02T03:04:05Z"));
        await SendAsync(host, Overridden(card2, "2026-01-02T03:05:00Z"));
        await SendAsync(host, Overridden(card3, "2026-01-02T03:06:00Z"));

        var rates = await RatesAsync(host, "drug-renal");
        Assert.Equal(3, (int)rates["cardsIssued"]!);
        Assert.Equal(1, (int)rates["accepted"]!);
        Assert.Equal(2, (int)rates["overridden"]!);
        Assert.Equal(1.0 / 3, (double)rates["acceptRate"]!, 6);
        Assert.Equal(2.0 / 3, (double)rates["overrideRate"]!, 6);
    }

    [Fact]
    public async Task Feedback_survives_a_restart_in_its_sqlite_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sr-feedback-{Guid.NewGuid():N}.db");
        try
        {
            string card, suggestion;
            await using (var first = await CdsTestHost.StartAsync(o => o with { FeedbackDatabasePath = path }))
            {
                (card, suggestion) = await RenalCardAsync(first);
                await SendAsync(first, Accepted(card, suggestion, "2026-01-02T03:04:05Z"));
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var second = await CdsTestHost.StartAsync(o => o with { FeedbackDatabasePath = path });
            Assert.Equal(1, (int)(await SendAsync(second, Accepted(card, suggestion, "2026-01-02T03:04:05Z")))["duplicates"]!);
            Assert.Equal(1, (int)(await RatesAsync(second, "drug-renal"))["accepted"]!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }
    }

    [Fact]
    public async Task Accepted_feedback_without_suggestions_is_refused()
    {
        await using var host = await CdsTestHost.StartAsync();
        var feedback = Accepted("card-1", "s-1", "2026-01-02T03:04:05Z");
        feedback["feedback"]![0]!.AsObject().Remove("acceptedSuggestions");
        var url = host.ServiceUrl(Service) + "/feedback";

        using var response = await host.PostAsync(url, feedback, host.Sign(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_needs_a_trusted_jwt()
    {
        await using var host = await CdsTestHost.StartAsync();
        using var response = await host.PostAsync(host.ServiceUrl(Service) + "/feedback", Accepted("c", "s", "2026-01-02T03:04:05Z"), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Accepting_a_card_whose_fhir_server_is_not_an_allowed_EHR_queues_no_write()
    {
        await using var host = await CdsTestHost.StartAsync();
        var (card, suggestion) = await RenalCardAsync(host, fhirServer: EhrFhirBase);

        Assert.Equal(1, (int)(await SendAsync(host, Accepted(card, suggestion, "2026-01-02T03:04:05Z")))["stored"]!);

        Assert.Equal(0, (await host.Get<IOutboxStore>().CountAsync(TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task Only_the_client_that_was_given_the_card_has_its_acceptance_written()
    {
        await using var host = await CdsTestHost.StartAsync(o => o with { AllowedFhirServers = [EhrFhirBase] });
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        const string otherIssuer = "https://other-ehr.example.test";
        host.Get<CdsClientRegistry>().Put(new CdsClient { Issuer = otherIssuer, Jwks = new JsonWebKeySet(CdsTestHost.Jwks(otherKey, "other").ToJsonString()) });
        var (card, suggestion) = await RenalCardAsync(host, fhirServer: EhrFhirBase);
        var url = host.ServiceUrl(Service) + "/feedback";
        var asOther = host.Sign(url, d => d.Issuer = otherIssuer, new SigningCredentials(new ECDsaSecurityKey(otherKey) { KeyId = "other" }, SecurityAlgorithms.EcdsaSha384));

        using (var response = await host.PostAsync(url, Accepted(card, suggestion, "2026-01-02T03:04:05Z"), asOther))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outbox = host.Get<IOutboxStore>();
        Assert.Equal(0, (await outbox.CountAsync(TestContext.Current.CancellationToken)).Total);

        await SendAsync(host, Accepted(card, suggestion, "2026-01-02T03:04:06Z"));
        var queued = await outbox.ListAsync(OutboxState.Pending, TestContext.Current.CancellationToken);
        Assert.Equal([OutboxKind.Transaction, OutboxKind.Decision], queued.Select(e => e.Message.Kind));
        Assert.All(queued, e => Assert.Equal((EhrFhirBase, WriteAuthMode.Backend), (e.Message.FhirBase, e.Message.Auth.Mode)));
        Assert.Contains("\"user\":\"Practitioner/dr-1\"", queued[1].Message.Payload, StringComparison.Ordinal);
    }
}
