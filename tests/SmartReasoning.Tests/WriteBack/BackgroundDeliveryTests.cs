using System.Net;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Launch;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Audit;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>The server as it runs: a finding queued after a launch is delivered by the background service, and audited.</summary>
public sealed class BackgroundDeliveryTests
{
    [Fact]
    public async System.Threading.Tasks.Task The_server_delivers_queued_findings_in_the_background_and_audits_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("smartreasoning-data-").FullName;
        try
        {
            await using (var host = await LaunchHost.StartAsync(scope: LaunchHost.Scope + " user/Observation.crus user/Provenance.crus user/Device.crs",
                service: o => o with { DataFolder = data }))
            {
                using var browser = new TestBrowser();
                var page = await browser.GoAsync(host.EhrLaunch(new LaunchContext { Patient = LaunchHost.PatientId, FhirUser = $"Practitioner/{LaunchHost.PractitionerId}" }));
                Assert.Equal(HttpStatusCode.OK, page.Status);
                var session = host.SessionOf(page, browser);
                var target = new WriteTarget(host.FhirBase, new FindingSubject($"Patient/{LaunchHost.PatientId}", null, AsOf), new WriteAuth(WriteAuthMode.User, session.Key));

                var written = await host.ServiceGet<FindingWriter>().WriteAsync(MetforminRenal(), Rules, target, ct);
                var outbox = host.ServiceGet<IOutboxStore>();
                var trail = host.ServiceGet<IAuditStore>();
                // The service marks the message delivered, then records the audit: wait for both.
                for (var i = 0; i < 100 && ((await outbox.CountAsync(ct)).Delivered == 0 || (await trail.ReadAsync(cancellationToken: ct)).Count == 0); i++)
                    await System.Threading.Tasks.Task.Delay(100, ct);

                Assert.Equal(new OutboxCounts(0, 0, 1, 0), await outbox.CountAsync(ct));
                Assert.Equal((1, 1, 1), SetCount(host.Store, written.Fingerprint));
                // The write's create (the app's own review of the launch also audits its read of the record).
                var events = await trail.ReadAsync($"Patient/{LaunchHost.PatientId}", ct);
                Assert.Single(events, e => e.Action?.Enum == Fhir.Model.AuditEventAction.C);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
