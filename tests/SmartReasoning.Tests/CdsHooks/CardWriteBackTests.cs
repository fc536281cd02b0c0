using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Tests.Launch;
using SmartReasoning.Tests.Sandbox.Chart;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// A card's feedback reaches the chart, through HTTP end to end: the sandbox EHR (tokens enforced, the kidney disease
/// archetype loaded) signs metformin, SmartReasoning answers the card, the chart accepts or dismisses it and sends
/// feedback; the outbox is then delivered by hand with SmartReasoning's backend-services client, into the sandbox.
/// </summary>
public sealed class CardWriteBackTests : IAsyncDisposable
{
    private const string BackendWrites = " system/Observation.crus system/Provenance.crus system/Device.crus";
    private const string Summary = "Metformin is contraindicated";
    private readonly string _data = Directory.CreateTempSubdirectory("smartreasoning-data-").FullName;
    private readonly HttpClient _chart = new();
    private LaunchHost _host = null!;
    private string _patient = "";
    private string _encounter = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FhirPackage => Path.Combine(TestPaths.RepositoryRoot, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");

    public async ValueTask DisposeAsync()
    {
        _chart.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>
    /// SmartReasoning (confidential-asymmetric at the sandbox, so it may write with backend services) and the sandbox,
    /// whose chart calls SmartReasoning's CDS services and is trusted as their client; <paramref name="allowEhr"/> false
    /// leaves the sandbox's FHIR base off the allowed EHRs.
    /// </summary>
    private async Task StartAsync(bool allowEhr = true)
    {
        var package = File.Exists(Path.Combine(FhirPackage, "package.json")) ? FhirPackage : null;
        _host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric,
            sandbox: o => o with
            {
                Clients = [o.Clients[0] with { Scope = o.Clients[0].Scope + BackendWrites }],
                CdsServices = [o.AppLaunchUrl![..^LaunchEndpoints.LaunchPath.Length] + "/cds-services"],
            },
            service: o => o with { DataFolder = _data, DeliverWriteBacks = false, FhirPackagePath = package });
        var kidney = SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin);
        new BundleLoader(_host.Store).Load("cohort", kidney);
        _patient = kidney.Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!;
        _encounter = kidney.Entry.Select(e => e.Resource).OfType<Encounter>().Last().Id!;
        var urls = new SandboxUrls(_host.SandboxRoot);
        _host.ServiceGet<CdsClientRegistry>().Put(new CdsClient { Issuer = urls.Issuer, JkuUrls = [urls.Jwks] });
        if (allowEhr) _host.ServiceGet<AllowedFhirServers>().Add(urls.FhirBase);
        _chart.BaseAddress = new Uri(urls.Root + "/");
    }

    private async Task<string> PostAsync(string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _chart.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    /// <summary>Signs metformin in the chart (order-sign); the exchange and index of the renal card rendered.</summary>
    private async Task<(string Exchange, int Card)> SignMetforminAsync(string draftId = "draft-metformin") =>
        ChartSandbox.CardOf(await PostAsync($"chart/{_patient}/cds/order-sign", new JsonObject
        {
            ["prefetch"] = "normal",
            ["encounterId"] = _encounter,
            ["order"] = new JsonObject { ["drug"] = "860975", ["dose"] = "1 tablet daily", ["draftId"] = draftId },
        }), Summary);

    private async Task AcceptAsync((string Exchange, int Card) card)
    {
        var decision = JsonNode.Parse(await PostAsync($"chart/{_patient}/cds/accept", new JsonObject { ["exchange"] = card.Exchange, ["card"] = card.Card, ["suggestion"] = 0 }))!;
        Assert.Equal(200, (int?)decision["feedbackStatus"]);
    }

    private async Task DismissAsync((string Exchange, int Card) card)
    {
        var decision = JsonNode.Parse(await PostAsync($"chart/{_patient}/cds/dismiss",
            new JsonObject { ["exchange"] = card.Exchange, ["card"] = card.Card, ["reason"] = 0, ["comment"] = "Stopping it next week" }))!;
        Assert.Equal(200, (int?)decision["feedbackStatus"]);
    }

    /// <summary>
    /// Sends feedback on a rendered card again as the sandbox's CDS client sends it (signed by the sandbox), a second
    /// later: what an EHR retrying, or letting a clinician change their mind, sends. The chart's page allows neither.
    /// </summary>
    private async Task ResendAsync((string Exchange, int Card) rendered, bool accepted)
    {
        var sandbox = _host.Sandbox.Services;
        var exchange = sandbox.GetRequiredService<CdsExchangeStore>().Find(rendered.Exchange)!;
        var card = exchange.Cards[rendered.Card];
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        var body = accepted
            ? CdsFeedback.Accepted(card.Uuid!, [card.Suggestions[0].Uuid!], _host.Clock.GetUtcNow())
            : CdsFeedback.Overridden(card.Uuid!, card.OverrideReasons[0], "Stopping it next week", _host.Clock.GetUtcNow());
        var sent = await sandbox.GetRequiredService<CdsServiceClient>().SendFeedbackAsync(exchange.Service, body, sandbox.GetRequiredService<CdsHookRunner>().Signer(_host.SandboxRoot), Ct);
        Assert.Equal(200, sent.Status);
    }

    private Task<DeliveryReport> DeliverAsync() => _host.ServiceGet<OutboxDelivery>().DeliverDueAsync(Ct);

    private Task<OutboxCounts> OutboxAsync() => _host.ServiceGet<IOutboxStore>().CountAsync(Ct);

    /// <summary>The AI finding Observations in the sandbox for the renal finding (current versions).</summary>
    private List<Observation> RenalObservations() =>
        [.. _host.Store.Current("Observation").Select(s => s.Resource).OfType<Observation>()
            .Where(o => o.Identifier.Any(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem) && o.Code?.Coding.Any(c => c.Code?.Value == "drug-renal") == true)];

    [Fact]
    public async Task Accepting_the_card_writes_exactly_one_final_observation_with_provenance_verified_by_the_user()
    {
        await StartAsync();

        await AcceptAsync(await SignMetforminAsync());
        Assert.Equal(new OutboxCounts(2, 0, 0, 0), await OutboxAsync());
        Assert.Equal(new DeliveryReport(2, 0, 0), await DeliverAsync());

        var observation = Assert.Single(RenalObservations());
        var fingerprint = observation.Identifier.Single(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem).Value!.Value!;
        Assert.Equal(ObservationStatus.Final, observation.Status!.Enum);
        Assert.Equal($"Patient/{_patient}", observation.Subject!.ReferenceValue!.Value);
        Assert.Equal($"Encounter/{_encounter}", observation.Encounter!.ReferenceValue!.Value);
        var provenance = Assert.Single(ProvenancesOf(_host.Store, fingerprint));
        Assert.Single(_host.Store.Current("Provenance"));
        Assert.Single(_host.Store.Current("Device"));
        var verifier = provenance.Agent[^1];
        Assert.Equal("verifier", verifier.Type!.Coding[0].Code!.Value);
        Assert.StartsWith("Practitioner/", verifier.Who!.ReferenceValue!.Value, StringComparison.Ordinal);

        Assert.SkipUnless(File.Exists(Path.Combine(FhirPackage, "package.json")), "hl7.fhir.r4.examples@4.0.1 is not in .cache/fhir: run ./test.sh");
        var validator = new ProfileValidator(FhirPackage);
        var device = _host.Store.Current("Device").Select(s => s.Resource).OfType<Device>().Single();
        Assert.Empty(validator.Validate(observation, AiTransparencyCodes.ObservationProfile));
        Assert.Empty(validator.Validate(provenance, AiTransparencyCodes.ProvenanceProfile));
        Assert.Empty(validator.Validate(device, AiTransparencyCodes.DeviceProfile));
    }

    [Fact]
    public async Task Accepting_twice_and_the_same_finding_on_a_second_card_still_leave_one_observation()
    {
        await StartAsync();
        var card = await SignMetforminAsync();

        await AcceptAsync(card);
        await ResendAsync(card, accepted: true);
        Assert.Equal(new OutboxCounts(2, 0, 0, 0), await OutboxAsync());
        await AcceptAsync(await SignMetforminAsync());
        Assert.Equal(new DeliveryReport(4, 0, 0), await DeliverAsync());

        var observation = Assert.Single(RenalObservations());
        Assert.Equal(ObservationStatus.Final, observation.Status!.Enum);
        Assert.Single(_host.Store.Current("Provenance"));
    }

    [Fact]
    public async Task An_overridden_card_writes_nothing()
    {
        await StartAsync();

        await DismissAsync(await SignMetforminAsync());

        Assert.Equal(new OutboxCounts(0, 0, 0, 0), await OutboxAsync());
        Assert.Equal(new DeliveryReport(0, 0, 0), await DeliverAsync());
        Assert.Empty(RenalObservations());
        Assert.Equal(1, (await _host.ServiceGet<IFeedbackStore>().RatesAsync(Ct)).Single(r => r.FindingKind == "drug-renal").Overridden);
    }

    [Fact]
    public async Task Overriding_a_card_after_accepting_it_withdraws_the_finding_with_the_reason()
    {
        await StartAsync();
        var card = await SignMetforminAsync();

        await AcceptAsync(card);
        await ResendAsync(card, accepted: false);
        await ResendAsync(card, accepted: false);
        Assert.Equal(new DeliveryReport(3, 0, 0), await DeliverAsync());

        var observation = Assert.Single(RenalObservations());
        Assert.Equal(ObservationStatus.EnteredInError, observation.Status!.Enum);
        Assert.Contains("Stopping it next week", observation.Note[^1].Text!.Value, StringComparison.Ordinal);
    }
}
