using System.Net;
using System.Net.Http.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Launch;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Accept and reject through SmartReasoning's HTTP endpoints after a real EHR launch from the sandbox: the finding is
/// written with the user's token (its scopes allow it), and the decision is applied with it too.
/// </summary>
public sealed class DecisionHttpTests : IAsyncLifetime
{
    private const string WriteScope = " user/Observation.crus user/Provenance.crus user/Device.crs";
    private readonly string _data = Directory.CreateTempSubdirectory("smartreasoning-data-").FullName;
    private readonly TestBrowser _browser = new();
    private readonly HttpClient _http = new();
    private LaunchHost _host = null!;
    private LaunchSession _session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await LaunchHost.StartAsync(scope: LaunchHost.Scope + WriteScope, service: o => o with { DataFolder = _data, DeliverWriteBacks = false });
        var page = await _browser.GoAsync(_host.EhrLaunch(new LaunchContext { Patient = LaunchHost.PatientId, FhirUser = $"Practitioner/{LaunchHost.PractitionerId}" }));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        _session = _host.SessionOf(page, _browser);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _browser.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private OutboxDelivery Delivery => _host.ServiceGet<OutboxDelivery>();

    private async Task<string> WrittenAsync()
    {
        var target = new WriteTarget(_host.FhirBase, new FindingSubject($"Patient/{LaunchHost.PatientId}", null, AsOf), new WriteAuth(WriteAuthMode.User, _session.Key));
        var written = await _host.ServiceGet<FindingWriter>().WriteAsync(MetforminRenal(), Rules, target, Ct);
        Assert.Equal(new DeliveryReport(1, 0, 0), await Delivery.DeliverDueAsync(Ct));
        return written.Fingerprint;
    }

    private Task<HttpResponseMessage> PostAsync(string path, HttpContent? content = null, bool withCookie = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{_host.ServiceBase}{path}") { Content = content };
        if (withCookie) request.Headers.Add("Cookie", $"{BrowserSession.CookieName}={_browser.SessionCookie(_host.ServiceBase)}");
        return _http.SendAsync(request, Ct);
    }

    private Observation ObservationOf(string fingerprint) => Assert.Single(WithIdentifier<Observation>(_host.Store, AiTransparencyCodes.FingerprintSystem, fingerprint));

    [Fact]
    public async Task Accept_over_HTTP_makes_the_finding_final_verified_by_the_launching_user()
    {
        var fingerprint = await WrittenAsync();

        using var response = await PostAsync($"/findings/{fingerprint}/accept?launch={_session.Key}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(new DeliveryReport(1, 0, 0), await Delivery.DeliverDueAsync(Ct));

        Assert.Equal(ObservationStatus.Final, ObservationOf(fingerprint).Status!.Enum);
        var verifier = Assert.Single(ProvenancesOf(_host.Store, fingerprint)).Agent[^1];
        Assert.Equal(("verifier", $"Practitioner/{LaunchHost.PractitionerId}"), (verifier.Type!.Coding[0].Code!.Value, verifier.Who!.ReferenceValue!.Value));
    }

    [Fact]
    public async Task Reject_over_HTTP_records_the_reason_and_withdraws_the_finding()
    {
        var fingerprint = await WrittenAsync();

        using var form = new FormUrlEncodedContent([new("reason", "Patient stopped metformin last week")]);
        using var response = await PostAsync($"/findings/{fingerprint}/reject?launch={_session.Key}", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal("reject", queued.GetProperty("verdict").GetString());
        Assert.Equal(new DeliveryReport(1, 0, 0), await Delivery.DeliverDueAsync(Ct));

        var observation = ObservationOf(fingerprint);
        Assert.Equal(ObservationStatus.EnteredInError, observation.Status!.Enum);
        Assert.EndsWith("Patient stopped metformin last week", observation.Note[^1].Text!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_without_the_browser_session_or_for_no_finding_is_refused_and_nothing_is_queued()
    {
        var fingerprint = await WrittenAsync();

        using var noCookie = await PostAsync($"/findings/{fingerprint}/accept?launch={_session.Key}", withCookie: false);
        using var notAFingerprint = await PostAsync($"/findings/Observation-1/accept?launch={_session.Key}");

        Assert.Equal(HttpStatusCode.Unauthorized, noCookie.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAFingerprint.StatusCode);
        Assert.Equal(new OutboxCounts(0, 0, 1, 0), await _host.ServiceGet<IOutboxStore>().CountAsync(Ct));
    }
}
