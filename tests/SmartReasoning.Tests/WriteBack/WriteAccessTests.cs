using System.Net;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Launch;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Which token a write goes with, against the sandbox's authorization server: the user's launch only reads
/// (patient/*.rs), so the write falls back to backend services; what those may not do is a reported failure, sent once.
/// </summary>
public sealed class WriteAccessTests : IAsyncDisposable
{
    private const string BackendWrites = " system/Observation.crus system/Provenance.crus system/Device.crus";
    private readonly string _data = Directory.CreateTempSubdirectory("smartreasoning-data-").FullName;
    private readonly TestBrowser _browser = new();
    private LaunchHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>Starts SmartReasoning and the sandbox, launches as the clinician, queues a finding with the user's authority, delivers it.</summary>
    private async Task<(string Fingerprint, DeliveryReport Report)> WriteAsync(LaunchClientType clientType, string clientMayAlso)
    {
        _host = await LaunchHost.StartAsync(clientType,
            sandbox: o => o with { Clients = [o.Clients[0] with { Scope = o.Clients[0].Scope + clientMayAlso }] },
            service: o => o with { DataFolder = _data, DeliverWriteBacks = false });
        var page = await _browser.GoAsync(_host.EhrLaunch(new LaunchContext { Patient = LaunchHost.PatientId, FhirUser = $"Practitioner/{LaunchHost.PractitionerId}" }));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var session = _host.SessionOf(page, _browser);
        Assert.DoesNotContain("Observation.c", session.GrantedScope, StringComparison.Ordinal);

        var target = new WriteTarget(_host.FhirBase, new FindingSubject($"Patient/{LaunchHost.PatientId}", null, AsOf), new WriteAuth(WriteAuthMode.User, session.Key));
        var written = await _host.ServiceGet<FindingWriter>().WriteAsync(MetforminRenal(), Rules, target, Ct);
        return (written.Fingerprint, await _host.ServiceGet<OutboxDelivery>().DeliverDueAsync(Ct));
    }

    private Task<IReadOnlyList<OutboxEntry>> EntriesAsync(OutboxState state) => _host!.ServiceGet<IOutboxStore>().ListAsync(state, Ct);

    [Fact]
    public async Task A_user_who_may_only_read_has_the_finding_written_with_backend_services()
    {
        var (fingerprint, report) = await WriteAsync(LaunchClientType.ConfidentialAsymmetric, BackendWrites);

        Assert.Equal(new DeliveryReport(1, 0, 0), report);
        Assert.Equal((1, 1, 1), SetCount(_host!.Store, fingerprint));
    }

    [Fact]
    public async Task Backend_services_granted_too_little_get_a_403_that_is_reported_once_not_retried()
    {
        var (fingerprint, report) = await WriteAsync(LaunchClientType.ConfidentialAsymmetric, "");

        Assert.Equal(new DeliveryReport(0, 0, 1), report);
        var failed = Assert.Single(await EntriesAsync(OutboxState.Failed));
        Assert.Contains("403", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        _host!.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DeliveryReport(0, 0, 0), await _host.ServiceGet<OutboxDelivery>().DeliverDueAsync(Ct));
        Assert.Equal((0, 0, 0), SetCount(_host.Store, fingerprint));
    }

    [Fact]
    public async Task A_public_client_without_write_scopes_cannot_write_and_says_why()
    {
        var (_, report) = await WriteAsync(LaunchClientType.Public, BackendWrites);

        Assert.Equal(new DeliveryReport(0, 0, 1), report);
        Assert.Contains("confidential-asymmetric", Assert.Single(await EntriesAsync(OutboxState.Failed)).LastError, StringComparison.Ordinal);
    }
}
