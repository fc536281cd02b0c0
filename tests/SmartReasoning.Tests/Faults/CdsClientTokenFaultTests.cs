using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.Tests.CdsHooks;
using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Faults;

/// <summary>
/// A CDS client sending bad tokens, under the whole flow: SmartReasoning's CDS service with the sandbox as the allowed EHR,
/// a hook call with no prefetch (so a trusted call pulls the record from the sandbox, reasons, and issues cards whose
/// acceptance is written back). Unsigned, wrong key, expired and replayed tokens get a bare 401, and nothing is pulled,
/// reasoned, issued or queued; the same with feedback, whose acceptance would otherwise write to the chart.
/// </summary>
public sealed class CdsClientTokenFaultTests : IAsyncLifetime
{
    private const string Service = "smartreasoning-order-sign";
    private FaultFlow _flow = null!;
    private CdsTestHost _host = null!;
    private readonly ECDsa _wrongKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public async ValueTask InitializeAsync()
    {
        _flow = await FaultFlow.StartAsync();
        _host = await CdsTestHost.StartAsync(o => o with { AllowedFhirServers = [_flow.FhirBase] });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _flow.DisposeAsync();
        _wrongKey.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string HookUrl => _host.ServiceUrl(Service);

    private string FeedbackUrl => HookUrl + "/feedback";

    /// <summary>order-sign of metformin for the kidney disease patient, with no prefetch: the record comes from the sandbox.</summary>
    private JsonObject OrderSign()
    {
        var draft = HookRequests.DraftMetformin();
        draft["subject"] = new JsonObject { ["reference"] = $"Patient/{_flow.PatientId}" };
        return new JsonObject
        {
            ["hook"] = "order-sign",
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["fhirServer"] = _flow.FhirBase,
            ["context"] = new JsonObject { ["userId"] = "Practitioner/dr-1", ["patientId"] = _flow.PatientId, ["draftOrders"] = HookRequests.Drafts(draft) },
        };
    }

    /// <summary>What the flow has done so far: requests the sandbox got, cards issued, writes queued.</summary>
    private async Task<(int SandboxRequests, int CardsIssued, int Queued)> FlowCountsAsync() =>
        (_flow.SandboxRequests,
         (await _host.Get<IFeedbackStore>().RatesAsync(Ct)).Sum(r => r.CardsIssued),
         (await _host.Get<IOutboxStore>().CountAsync(Ct)).Total);

    private string Expired(string audience) => _host.Sign(audience, d =>
    {
        d.IssuedAt = DateTime.UtcNow.AddMinutes(-10);
        d.Expires = DateTime.UtcNow.AddMinutes(-5);
    });

    private string WrongKey(string audience) =>
        _host.Sign(audience, credentials: new SigningCredentials(new ECDsaSecurityKey(_wrongKey) { KeyId = CdsTestHost.KeyId }, SecurityAlgorithms.EcdsaSha384));

    /// <summary>A trusted call: 200 with the renal card; the uuid of the card and of its first suggestion.</summary>
    private async Task<(string Card, string Suggestion, string Token)> TrustedCallAsync()
    {
        var token = _host.Sign(HookUrl);
        using var response = await _host.PostHookAsync(Service, OrderSign(), token);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var card = JsonNode.Parse(text)!["cards"]!.AsArray().Single(c => (string?)c!["source"]!["topic"]!["code"] == "drug-renal")!;
        return ((string)card["uuid"]!, (string)card["suggestions"]![0]!["uuid"]!, token);
    }

    private static JsonObject Accepted(string card, string suggestion, DateTimeOffset when) => new()
    {
        ["feedback"] = new JsonArray(new JsonObject
        {
            ["card"] = card, ["outcome"] = "accepted", ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = suggestion }),
            ["outcomeTimestamp"] = when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }),
    };

    private async Task AssertBare401Async(HttpResponseMessage response, string token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(await response.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trusted_call_pulls_reasons_issues_cards_and_its_acceptance_is_queued()
    {
        var (card, suggestion, _) = await TrustedCallAsync();

        var (sandboxRequests, cardsIssued, queued) = await FlowCountsAsync();
        Assert.True(sandboxRequests > 0, "the record was pulled from the sandbox");
        Assert.True(cardsIssued > 0);
        Assert.Equal(0, queued);
        using var feedback = await _host.PostAsync(FeedbackUrl, Accepted(card, suggestion, DateTimeOffset.UtcNow), _host.Sign(FeedbackUrl));
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.Equal(2, (await FlowCountsAsync()).Queued); // the finding's transaction and the accept decision
    }

    public static TheoryData<string> BadTokens => ["unsigned", "wrong key", "expired", "replayed"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_hook_call_with_a_bad_token_is_401_and_nothing_is_pulled_reasoned_or_issued(string bad)
    {
        var token = bad switch
        {
            "unsigned" => CdsTestHost.Unsigned(HookUrl),
            "wrong key" => WrongKey(HookUrl),
            "expired" => Expired(HookUrl),
            _ => (await TrustedCallAsync()).Token,
        };
        var before = await FlowCountsAsync();

        using var response = await _host.PostHookAsync(Service, OrderSign(), token);

        await AssertBare401Async(response, token);
        Assert.Equal(before, await FlowCountsAsync());
        Assert.Equal(bad == "replayed", before.CardsIssued > 0); // only the replay's first, trusted, call issued cards
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Accepting_a_card_with_a_bad_token_is_401_and_nothing_is_written(string bad)
    {
        var (card, suggestion, _) = await TrustedCallAsync();
        var replayable = _host.Sign(FeedbackUrl);
        if (bad == "replayed")
        {
            // A trusted overridden feedback first (nothing to write), then its token replayed with an acceptance.
            var overridden = new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["card"] = card, ["outcome"] = "overridden", ["outcomeTimestamp"] = "2026-11-22T08:00:00Z" }) };
            using var first = await _host.PostAsync(FeedbackUrl, overridden, replayable);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var token = bad switch
        {
            "unsigned" => CdsTestHost.Unsigned(FeedbackUrl),
            "wrong key" => WrongKey(FeedbackUrl),
            "expired" => Expired(FeedbackUrl),
            _ => replayable,
        };
        var before = await FlowCountsAsync();

        using var response = await _host.PostAsync(FeedbackUrl, Accepted(card, suggestion, DateTimeOffset.UtcNow), token);

        await AssertBare401Async(response, token);
        Assert.Equal(before, await FlowCountsAsync());
        Assert.Equal(0, before.Queued);
        Assert.Equal(0, (await _host.Get<IFeedbackStore>().RatesAsync(Ct)).Sum(r => r.Accepted));
    }
}
