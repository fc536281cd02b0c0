using System.Net;
using System.Net.Sockets;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>The EHR's FHIR server is down (nothing listens on its port), then comes up: the write waits, then lands once.</summary>
public sealed class ServerDownTests
{
    [Fact]
    public async Task With_no_listener_the_write_waits_and_lands_once_the_server_is_up()
    {
        var ct = TestContext.Current.CancellationToken;
        using var outbox = new OutboxHarness();
        using var http = new HttpClient();
        var port = FreePort();
        var fhirBase = $"http://127.0.0.1:{port}/fhir";
        var written = await outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(fhirBase, Subject(), WriteAuth.Open), ct);

        Assert.Equal(new DeliveryReport(0, 1, 0), await outbox.Delivery(http).DeliverDueAsync(ct));
        outbox.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal(new DeliveryReport(0, 1, 0), await outbox.Delivery(http).DeliverDueAsync(ct));
        var waiting = Assert.Single(await outbox.Store.ListAsync(OutboxState.Pending, ct));
        Assert.Contains("could not be reached", waiting.LastError, StringComparison.Ordinal);

        var store = new FhirResourceStore();
        await using var sandbox = SandboxServer.Build(new SandboxOptions { Port = port, Open = true, LoadCohort = false }, store);
        await sandbox.StartAsync(ct);
        outbox.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(new DeliveryReport(1, 0, 0), await outbox.Delivery(http).DeliverDueAsync(ct));
        await sandbox.StopAsync(ct);

        Assert.Equal((1, 1, 1), SetCount(store, written.Fingerprint));
        Assert.Equal(3, Assert.Single(await outbox.Store.ListAsync(OutboxState.Delivered, ct)).Attempts);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
