using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Two SmartReasoning instances sharing one PostgreSQL outbox deliver at the same time: each queued write is sent by
/// exactly one of them (FOR UPDATE SKIP LOCKED), and the sandbox holds one Observation set per finding.
/// </summary>
public sealed class SharedPostgresDeliveryTests(LocalPostgres postgres) : SandboxHost
{
    private const int Findings = 24;

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_deliver_each_queued_write_exactly_once()
    {
        var database = await postgres.NewDatabaseAsync();
        using var first = new PostgresOutboxStore(database);
        using var second = new PostgresOutboxStore(database);
        var clock = new ManualClock();
        var options = new OutboxOptions { Clock = clock };
        List<string> fingerprints = [];
        for (var i = 0; i < Findings; i++)
        {
            var written = await new FindingWriter(i % 2 == 0 ? first : second, NoValidation.Instance, clock)
                .WriteAsync(MetforminRenal($"Observation/egfr-{i}"), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
            fingerprints.Add(written.Fingerprint);
        }
        var (firstCounter, secondCounter) = (new FaultyHandler(), new FaultyHandler()); // no faults scripted: they only count what is sent
        using var firstHttp = new HttpClient(firstCounter);
        using var secondHttp = new HttpClient(secondCounter);
        OutboxDelivery Instance(IOutboxStore store, HttpClient http)
        {
            var client = new FhirWriteClient(http, options);
            return new OutboxDelivery(store, [new TransactionSender(client), new DecisionSender(client)], NoWriteAccess.Instance, options);
        }

        var reports = await Task.WhenAll(
            Task.Run(() => Instance(first, firstHttp).DeliverDueAsync(Ct), Ct),
            Task.Run(() => Instance(second, secondHttp).DeliverDueAsync(Ct), Ct));

        Assert.Equal(Findings, reports.Sum(r => r.Delivered));
        Assert.All(reports, r => Assert.Equal(0, r.Retried + r.Failed));
        Assert.Equal(Findings, Store.Current("Observation").Count);
        Assert.Equal(Findings, Store.Current("Provenance").Count);
        Assert.Single(Store.Current("Device"));
        Assert.All(fingerprints, f => Assert.Equal((1, 1, 1), SetCount(Store, f)));
        Assert.Equal(new OutboxCounts(0, 0, Findings, 0), await first.CountAsync(Ct));
        // Every write was sent once: as many transactions reached the server as were queued, between the two.
        Assert.Equal(Findings, firstCounter.Forwarded + secondCounter.Forwarded);
        Assert.Equal(reports.Select(r => r.Delivered), [firstCounter.Forwarded, secondCounter.Forwarded]);
    }
}
