using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks.Trust;
using Patient = SmartReasoning.Fhir.Model.Patient;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// The sandbox EHR (synthetic cohort, tokens required) fires hooks from its chart at SmartReasoning, which trusts it as
/// serve --sandbox does: its signed ES384 JWT (key from its jku), its prefetch, its FHIR server for what prefetch lacks.
/// </summary>
public sealed partial class SandboxEndToEndTests(SandboxEndToEndTests.Hosts hosts) : IClassFixture<SandboxEndToEndTests.Hosts>
{
    private readonly CdsTestHost _host = hosts.Service;
    private readonly HttpClient _chart = hosts.Chart;

    /// <summary>Both hosts, started once for the class (loading the cohort takes a while).</summary>
    public sealed class Hosts : IAsyncLifetime
    {
        private WebApplication _sandbox = null!;

        public CdsTestHost Service { get; private set; } = null!;

        public HttpClient Chart { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Service = await CdsTestHost.StartAsync(o => o with { Clients = [] });
            var options = new SandboxOptions { Port = 0, CdsServices = [Service.BaseUrl + "/cds-services"] };
            var store = new FhirResourceStore();
            SandboxData.Populate(store, options);
            _sandbox = SandboxServer.Build(options, store);
            await _sandbox.StartAsync(TestContext.Current.CancellationToken);
            var urls = new SandboxUrls(SandboxServer.BaseUrl(_sandbox));
            Service.Get<CdsClientRegistry>().Put(new CdsClient { Issuer = urls.Issuer, JkuUrls = [urls.Jwks] });
            Service.Get<AllowedFhirServers>().Add(urls.FhirBase);
            Chart = new HttpClient { BaseAddress = new Uri(urls.Root + "/") };
        }

        public async ValueTask DisposeAsync()
        {
            Chart.Dispose();
            await _sandbox.DisposeAsync();
            await Service.DisposeAsync();
        }
    }

    private static string PatientOf(Archetype archetype) =>
        SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == archetype).Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!;

    private async Task<string> PostAsync(string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _chart.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    private Task<string> FireAsync(string patient, string hook, string? drug = null, string prefetch = "normal")
    {
        var body = new JsonObject { ["prefetch"] = prefetch };
        if (drug is not null) body["order"] = new JsonObject { ["drug"] = drug, ["dose"] = "1 tablet daily", ["draftId"] = "draft-e2e" };
        return PostAsync($"chart/{patient}/cds/{hook}", body);
    }

    public static TheoryData<Archetype, string, string> PatientViewCards => new()
    {
        { Archetype.Type2Diabetes, "warning", "HbA1c" },
        { Archetype.ChronicKidneyDiseaseOnMetformin, "critical", "Metformin" },
        { Archetype.AtrialFibrillationNoAnticoagulant, "warning", "Atrial fibrillation" },
        { Archetype.WarfarinWithNsaid, "critical", "ibuprofen" },
        { Archetype.UncontrolledHypertension, "warning", "Blood pressure" },
    };

    [Theory]
    [MemberData(nameof(PatientViewCards))]
    public async Task Patient_view_from_the_sandbox_chart_shows_the_archetype_card(Archetype archetype, string indicator, string summary)
    {
        var html = await FireAsync(PatientOf(archetype), "patient-view");

        Assert.Equal(indicator, IndicatorOf(html, summary));
        Assert.DoesNotContain("answered 401", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_sign_of_metformin_in_kidney_disease_gets_the_critical_card_and_accepting_it_sends_feedback()
    {
        var patient = PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin);
        var html = await FireAsync(patient, "order-sign", drug: "860975");
        var (exchange, card) = ChartSandbox.CardOf(html, "Metformin is contraindicated");

        var decision = JsonNode.Parse(await PostAsync($"chart/{patient}/cds/accept", new JsonObject { ["exchange"] = exchange, ["card"] = card, ["suggestion"] = 0 }))!;

        Assert.True((bool)decision["succeeded"]!, decision.ToJsonString());
        Assert.Equal(200, (int?)decision["feedbackStatus"]);
        Assert.Contains("MedicationRequest/draft-e2e", decision["draftsRemoved"]!.AsArray().Select(d => (string?)d));
        var rates = await _host.Get<SmartReasoning.CdsHooks.Feedback.IFeedbackStore>().RatesAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, rates.Single(r => r.FindingKind == "drug-renal").Accepted);
    }

    [Fact]
    public async Task Order_select_of_ibuprofen_on_warfarin_gets_the_interaction_card()
    {
        var html = await FireAsync(PatientOf(Archetype.WarfarinWithNsaid), "order-select", drug: "197805");

        Assert.Equal("critical", IndicatorOf(html, "ibuprofen"));
    }

    [Theory]
    [InlineData("omit")]
    [InlineData("null")]
    [InlineData("outcome")]
    public async Task Prefetch_the_sandbox_leaves_out_is_fetched_from_its_fhir_server(string prefetch)
    {
        var html = await FireAsync(PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin), "order-sign", drug: "860975", prefetch: prefetch);

        ChartSandbox.CardOf(html, "Metformin is contraindicated");
    }

    /// <summary>The indicator of the rendered card whose summary holds <paramref name="summary"/>.</summary>
    private static string IndicatorOf(string html, string summary) =>
        RenderedCard().Matches(html).FirstOrDefault(m => m.Groups["summary"].Value.Contains(summary, StringComparison.Ordinal))?.Groups["indicator"].Value
        ?? throw new InvalidOperationException($"no card '{summary}' in {html}");

    [System.Text.RegularExpressions.GeneratedRegex("<article class=\"cds-card cds-(?<indicator>[a-z]+)\"[^>]*>(?<summary>.*?)</article>", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex RenderedCard();
}
