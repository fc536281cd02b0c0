using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>What every <see cref="IOutboxStore"/> must do, run on SQLite and on PostgreSQL alike.</summary>
public abstract class OutboxStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Two stores over the same database, as two processes would open it.</summary>
    protected abstract Task<(IOutboxStore First, IOutboxStore Second)> OpenAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OutboxMessage Message(string key) => new(OutboxKind.Transaction, "{\"resourceType\":\"Bundle\"}", "http://ehr.example/fhir", new WriteAuth(WriteAuthMode.User, "launch-1"), key);

    [Fact]
    public async Task Messages_are_claimed_oldest_first_when_due_and_keep_what_was_queued()
    {
        var (store, _) = await OpenAsync();
        var a = await store.EnqueueAsync(Message("a"), T0, Ct);
        var b = await store.EnqueueAsync(Message("b"), T0, Ct);

        Assert.Null(await store.ClaimNextAsync("p", T0 - TimeSpan.FromSeconds(1), Lease, Ct));
        var first = await store.ClaimNextAsync("p", T0, Lease, Ct);
        var second = await store.ClaimNextAsync("p", T0, Lease, Ct);

        Assert.Equal((a, b), (first!.Id, second!.Id));
        Assert.Equal(Message("a"), first.Message);
        Assert.Equal((OutboxState.Delivering, 1, T0 + Lease), (first.State, first.Attempts, first.LeaseUntil));
        Assert.Null(await store.ClaimNextAsync("p", T0, Lease, Ct));
    }

    [Fact]
    public async Task A_claim_holds_until_its_lease_runs_out_and_only_its_owner_may_finish_it()
    {
        var (store, other) = await OpenAsync();
        var id = await store.EnqueueAsync(Message("a"), T0, Ct);
        await store.ClaimNextAsync("dead", T0, Lease, Ct);

        Assert.Null(await other.ClaimNextAsync("alive", T0 + Lease - TimeSpan.FromMilliseconds(1), Lease, Ct));
        var reclaimed = await other.ClaimNextAsync("alive", T0 + Lease, Lease, Ct);

        Assert.Equal((id, 2), (reclaimed!.Id, reclaimed.Attempts));
        Assert.False(await store.MarkDeliveredAsync(id, "dead", T0 + Lease, "late", Ct));
        Assert.True(await other.MarkDeliveredAsync(id, "alive", T0 + Lease, "done", Ct));
        var delivered = await store.FindAsync(id, Ct);
        Assert.Equal((OutboxState.Delivered, "done", (DateTimeOffset?)null), (delivered!.State, delivered.Result, delivered.LeaseUntil));
    }

    [Fact]
    public async Task A_retry_waits_until_its_time_and_delivered_or_failed_messages_are_never_claimed_again()
    {
        var (store, _) = await OpenAsync();
        var retried = await store.EnqueueAsync(Message("retry"), T0, Ct);
        var failed = await store.EnqueueAsync(Message("fail"), T0, Ct);
        var delivered = await store.EnqueueAsync(Message("deliver"), T0, Ct);
        for (var i = 0; i < 3; i++) await store.ClaimNextAsync("p", T0, Lease, Ct);

        Assert.True(await store.MarkRetryAsync(retried, "p", T0 + TimeSpan.FromSeconds(7), "503", Ct));
        Assert.True(await store.MarkFailedAsync(failed, "p", T0, "400", Ct));
        Assert.True(await store.MarkDeliveredAsync(delivered, "p", T0, "ok", Ct));

        Assert.Equal(new OutboxCounts(1, 0, 1, 1), await store.CountAsync(Ct));
        Assert.Null(await store.ClaimNextAsync("p", T0 + TimeSpan.FromSeconds(6.999), Lease, Ct));
        var again = await store.ClaimNextAsync("p", T0 + TimeSpan.FromHours(1), Lease, Ct);
        Assert.Equal((retried, "503", 2), (again!.Id, again.LastError, again.Attempts));
        Assert.True(await store.MarkDeliveredAsync(retried, "p", T0 + TimeSpan.FromHours(1), "ok", Ct));
        Assert.Null(await store.ClaimNextAsync("p", T0 + TimeSpan.FromDays(1), Lease, Ct));
        Assert.Equal("400", Assert.Single(await store.ListAsync(OutboxState.Failed, Ct)).LastError);
        Assert.Equal(3, (await store.ListAsync(cancellationToken: Ct)).Count);
        Assert.Equal(new OutboxCounts(0, 0, 2, 1), await store.CountAsync(Ct));
    }

    [Fact]
    public async Task Two_processes_claiming_at_once_never_claim_the_same_message()
    {
        var (first, second) = await OpenAsync();
        for (var i = 0; i < 40; i++) await first.EnqueueAsync(Message($"m{i}"), T0, Ct);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = worker % 2 == 0 ? first : second;
            List<long> mine = [];
            while (await store.ClaimNextAsync($"worker-{worker}", T0, Lease, Ct) is { } entry) mine.Add(entry.Id);
            return mine;
        }, Ct)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        Assert.Equal(new OutboxCounts(0, 40, 0, 0), await first.CountAsync(Ct));
    }
}

/// <summary>The outbox store contract on SQLite (two connections to one file).</summary>
public sealed class SqliteOutboxStoreTests : OutboxStoreContract, IDisposable
{
    private readonly OutboxHarness _harness = new();

    protected override Task<(IOutboxStore First, IOutboxStore Second)> OpenAsync() =>
        Task.FromResult<(IOutboxStore, IOutboxStore)>((_harness.Store, new SqliteOutboxStore(_harness.DatabasePath)));

    public void Dispose() => _harness.Dispose();
}

/// <summary>The outbox store contract on PostgreSQL (two data sources on one database).</summary>
public sealed class PostgresOutboxStoreTests(LocalPostgres postgres) : OutboxStoreContract, IDisposable
{
    private readonly List<PostgresOutboxStore> _stores = [];

    protected override async Task<(IOutboxStore First, IOutboxStore Second)> OpenAsync()
    {
        var database = await postgres.NewDatabaseAsync();
        _stores.Add(new PostgresOutboxStore(database));
        _stores.Add(new PostgresOutboxStore(database));
        return (_stores[0], _stores[1]);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
