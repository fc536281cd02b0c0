using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack.Audit;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>What every audit store must do, run on SQLite and on PostgreSQL alike.</summary>
public abstract class AuditStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<IAuditStore> OpenAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditRecord Read(string patient, int minute) =>
        new(AuditInteraction.Read, true, patient, [], "Practitioner/doc", "http://ehr.example/fhir", T0.AddMinutes(minute));

    [Fact]
    public async Task Records_are_kept_once_in_order_and_found_by_patient()
    {
        var store = await OpenAsync();
        var first = Read("Patient/p1", 0);

        await store.RecordAsync(first, Ct);
        await store.RecordAsync(first, Ct);
        await store.RecordAsync(Read("Patient/p2", 1), Ct);
        await store.RecordAsync(new AuditRecord(AuditInteraction.Create, false, "Patient/p1", ["Observation/o1"], null, "http://ehr.example/fhir", T0.AddMinutes(2), "403"), Ct);

        var p1 = await store.ReadAsync("Patient/p1", Ct);
        Assert.Equal([AuditEventAction.R, AuditEventAction.C], p1.Select(e => e.Action!.Enum!.Value));
        Assert.Equal(AuditEventOutcome._4, p1[1].Outcome!.Enum);
        Assert.Equal("Observation/o1", p1[1].Entity[1].What!.ReferenceValue!.Value);
        Assert.Equal(3, (await store.ReadAsync(cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task A_query_keeps_the_patient_the_time_window_and_the_limit_newest_first()
    {
        var store = await OpenAsync();
        for (var minute = 0; minute < 6; minute++) await store.RecordAsync(Read(minute % 2 == 0 ? "Patient/p1" : "Patient/p2", minute), Ct);

        var window = await store.QueryAsync(new AuditQuery("Patient/p1", Since: T0.AddMinutes(2), Until: T0.AddMinutes(4)), Ct);
        var latestTwo = await store.QueryAsync(new AuditQuery(Limit: 2, NewestFirst: true), Ct);
        var all = await store.QueryAsync(new AuditQuery(), Ct);

        Assert.Equal([T0.AddMinutes(2)], window.Select(e => DateTimeOffset.Parse(e.Recorded!.Value!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(4)], latestTwo.Select(e => DateTimeOffset.Parse(e.Recorded!.Value!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(6, all.Count);
    }
}

/// <summary>The audit store contract on SQLite.</summary>
public sealed class SqliteAuditStoreTests : AuditStoreContract, IDisposable
{
    private readonly OutboxHarness _harness = new();

    protected override Task<IAuditStore> OpenAsync() => Task.FromResult<IAuditStore>(_harness.AuditTrail());

    public void Dispose() => _harness.Dispose();
}

/// <summary>The audit store contract on PostgreSQL.</summary>
public sealed class PostgresAuditStoreTests(LocalPostgres postgres) : AuditStoreContract, IDisposable
{
    private PostgresAuditTrail? _store;

    protected override async Task<IAuditStore> OpenAsync() => _store = new PostgresAuditTrail(await postgres.NewDatabaseAsync());

    public void Dispose() => _store?.Dispose();
}
