using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Tests.Sandbox.CdsHooksClient;

namespace SmartReasoning.Tests.Sandbox.Chart;

/// <summary>
/// A sandbox EHR (no cohort; a small known record) whose chart calls a <see cref="FakeCdsService"/>, both on free
/// loopback ports for one test. Patient p1 (a name full of markup) has GP dr-1, encounter e1, active warfarin m1,
/// atrial fibrillation, an INR result and an observation an app wrote (meta.security AIAST); p2 has encounter e2.
/// </summary>
public partial class ChartSandbox : IAsyncLifetime
{
    public const string HostileName = "O'Neil <script>alert(1)</script>";

    private WebApplication _app = null!;

    public FakeCdsService Cds { get; private set; } = null!;

    public FhirResourceStore Store { get; } = new();

    /// <summary>An HTTP client for the sandbox root that does not follow redirects.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string Root { get; private set; } = "";

    public string FhirBase => Root + "/fhir";

    public SandboxOptions Options { get; private set; } = null!;

    /// <summary>Options beyond the defaults (free port, open FHIR, no cohort, the fake service).</summary>
    protected virtual SandboxOptions Configure(SandboxOptions options) => options;

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        Cds = await FakeCdsService.StartAsync();
        Seed(Store);
        Options = Configure(new SandboxOptions { Port = 0, Open = true, LoadCohort = false, CdsServices = [Cds.DiscoveryUrl] });
        _app = SandboxServer.Build(Options, Store);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Root = SandboxServer.BaseUrl(_app);
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Root + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        await Cds.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>POSTs JSON as the chart's script does; the status and the body text.</summary>
    public async Task<(HttpResponseMessage Response, string Body)> PostJsonAsync(string path, string json, string mediaType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
        var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Fires a hook for p1 through the chart endpoint; the rendered cards.</summary>
    public async Task<string> FireAsync(string hook, string? prefetch = null, string? encounterId = null, string draftId = "draft-abc", string drug = "197805", IEnumerable<string>? keys = null)
    {
        var payload = new JsonObject { ["prefetch"] = prefetch ?? "normal", ["encounterId"] = encounterId };
        if (keys is not null) payload["prefetchKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)JsonValue.Create(k))]);
        if (hook != "patient-view") payload["order"] = new JsonObject { ["drug"] = drug, ["dose"] = "1 tablet", ["draftId"] = draftId };
        var (response, body) = await PostJsonAsync($"chart/p1/cds/{hook}", payload.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    /// <summary>The exchange id and card index of the rendered card whose summary contains <paramref name="summary"/>.</summary>
    public static (string Exchange, int Card) CardOf(string html, string summary)
    {
        foreach (Match card in RenderedCard().Matches(html))
            if (card.Groups["body"].Value.Contains(summary, StringComparison.Ordinal))
                return (card.Groups["exchange"].Value, int.Parse(card.Groups["card"].Value, System.Globalization.CultureInfo.InvariantCulture));
        throw new InvalidOperationException($"no card '{summary}' in {html}");
    }

    [GeneratedRegex("<article class=\"cds-card[^\"]*\" id=\"[^\"]+\" data-exchange=\"(?<exchange>[0-9a-f]+)\" data-card=\"(?<card>\\d+)\"(?<body>.*?)</article>", RegexOptions.Singleline)]
    private static partial Regex RenderedCard();

    private static void Seed(FhirResourceStore store)
    {
        string[] resources =
        [
            """{"resourceType":"Practitioner","id":"dr-0","name":[{"family":"Aardvark","given":["Alex"]}]}""",
            """{"resourceType":"Practitioner","id":"dr-1","name":[{"family":"Ravensworth","given":["Rafael"]}]}""",
            $$"""{"resourceType":"Patient","id":"p1","name":[{"use":"official","family":{{System.Text.Json.JsonSerializer.Serialize(HostileName)}},"given":["Ann"]}],"gender":"female","birthDate":"1950-01-02","generalPractitioner":[{"reference":"Practitioner/dr-1"}]}""",
            """{"resourceType":"Patient","id":"p2","name":[{"family":"Other","given":["Bob"]}],"gender":"male","birthDate":"1980-05-06"}""",
            """{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB","display":"ambulatory"},"subject":{"reference":"Patient/p1"},"period":{"start":"2025-12-01T09:00:00Z"}}""",
            """{"resourceType":"Encounter","id":"e2","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"Patient/p2"}}""",
            """{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855332","display":"warfarin sodium 5 MG Oral Tablet"}],"text":"warfarin sodium 5 MG Oral Tablet"},"subject":{"reference":"Patient/p1"},"dosageInstruction":[{"text":"Take 1 tablet in the evening"}]}""",
            """{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Atrial fibrillation"},"subject":{"reference":"Patient/p1"},"onsetDateTime":"2010-08-16"}""",
            """{"resourceType":"Observation","id":"o-inr","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"text":"INR"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-12-01","valueQuantity":{"value":3.1,"unit":"INR"}}""",
            """{"resourceType":"Observation","id":"o-ai","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationValue","code":"AIAST"}]},"status":"final","code":{"text":"AI bleeding risk summary"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-12-02","valueString":"High bleeding risk"}""",
        ];
        foreach (var json in resources)
        {
            var parsed = new FhirJsonParser().Parse(json);
            Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Issues));
            store.Write(parsed.Value!);
        }
    }
}
