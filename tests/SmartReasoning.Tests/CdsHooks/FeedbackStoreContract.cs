using SmartReasoning.CdsHooks.Cards;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.Reason;
using SmartReasoning.Tests.WriteBack;
using SmartReasoning.WriteBack;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>What every feedback store must do, run on SQLite and on PostgreSQL alike.</summary>
public abstract class FeedbackStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's database; a second call opens another store on the same data (a restart).</summary>
    protected abstract Task<IFeedbackStore> OpenAsync();

    private static IssuedCard Card(string uuid, string kind) =>
        new(uuid, "smartreasoning-order-sign", "3f6f0e5e-8f3c-4d8e-9a55-1b2c3d4e5f60", kind, Severity.Critical, GuidelineReasoner.Name, []);

    private static CdsFeedbackItem Accepted(string card, int minute) => new(card, "accepted", ["s1"], null, null, null, T0.AddMinutes(minute));

    private static CdsFeedbackItem Overridden(string card, int minute) =>
        new(card, "overridden", [], "patient-aware", "https://smartreasoning.dev/fhir/CodeSystem/override-reason", "known", T0.AddMinutes(minute));

    private static IssuedCard WithFinding(string uuid)
    {
        var finding = WriteBackFixtures.MetforminRenal();
        var subject = new FindingSubject("Patient/p1", "Encounter/e1", T0);
        var cardFinding = new CardFinding(FindingFingerprint.Of(finding, subject.Patient, WriteBackFixtures.Rules), finding, WriteBackFixtures.Rules, subject,
            "https://ehr.example.test/fhir", "Practitioner/dr-1", "https://ehr.example.test");
        return Card(uuid, "drug-renal") with { Finding = cardFinding };
    }

    [Fact]
    public async Task A_card_s_finding_is_decided_once_per_change_and_kept_across_a_restart()
    {
        var store = await OpenAsync();
        await store.RecordCardsAsync([WithFinding("w1"), WithFinding("w2"), Card("plain", "drug-renal")], Ct);

        var accepted = await store.DecideAsync("w1", "accepted", Ct);
        Assert.Equal(CardWrite.WriteAndAccept, accepted!.Write);
        Assert.Null(await store.DecideAsync("w1", "accepted", Ct));
        Assert.Null(await store.DecideAsync("plain", "accepted", Ct));
        Assert.Null(await store.DecideAsync("unknown", "accepted", Ct));
        Assert.Equal(CardWrite.None, (await store.DecideAsync("w2", "overridden", Ct))!.Write);
        Assert.Null(await store.DecideAsync("w2", "overridden", Ct));

        // The finding read back is the one stored, down to what its fingerprint rests on.
        var expected = WithFinding("w1").Finding!;
        Assert.Equal((expected.Fingerprint, expected.Subject, expected.Reasoner, expected.UserId), (accepted.Finding.Fingerprint, accepted.Finding.Subject, accepted.Finding.Reasoner, accepted.Finding.UserId));
        Assert.Equal(expected.Finding.Evidence, accepted.Finding.Finding.Evidence);
        Assert.Equal(expected.Fingerprint, FindingFingerprint.Of(accepted.Finding.Finding, accepted.Finding.Subject.Patient, accepted.Finding.Reasoner));

        var reopened = await OpenAsync();
        var rejected = await reopened.DecideAsync("w1", "overridden", Ct);
        Assert.Equal(CardWrite.Reject, rejected!.Write);
        Assert.Null(await reopened.DecideAsync("w1", "accepted", Ct));
        Assert.Equal(CardWrite.WriteAndAccept, (await reopened.DecideAsync("w2", "accepted", Ct))!.Write);

        // A decision given back (its writes could not be queued) can be taken again, once.
        await reopened.RevertDecisionAsync(rejected, Ct);
        Assert.Equal(CardWrite.Reject, (await reopened.DecideAsync("w1", "overridden", Ct))!.Write);
        Assert.Null(await reopened.DecideAsync("w1", "overridden", Ct));
    }

    [Fact]
    public async Task Feedback_is_stored_once_counted_per_finding_kind_and_kept_across_a_restart()
    {
        var store = await OpenAsync();
        await store.RecordCardsAsync([Card("c1", "drug-renal"), Card("c2", "drug-renal"), Card("c3", "drug-interaction")], Ct);
        await store.RecordCardsAsync([Card("c1", "drug-renal")], Ct);

        Assert.Equal(new FeedbackWriteResult(3, 0), await store.RecordFeedbackAsync("smartreasoning-order-sign", [Accepted("c1", 1), Overridden("c2", 2), Accepted("c9", 3)], Ct));
        Assert.Equal(new FeedbackWriteResult(1, 1), await store.RecordFeedbackAsync("smartreasoning-order-sign", [Accepted("c1", 1), Overridden("c3", 4)], Ct));

        var reopened = await OpenAsync();
        Assert.Equal(
            [new FindingKindRates("drug-interaction", 1, 0, 1), new FindingKindRates("drug-renal", 2, 1, 1), new FindingKindRates("unknown", 0, 1, 0)],
            await reopened.RatesAsync(Ct));
        Assert.Equal(0.5, (await reopened.RatesAsync(Ct))[1].AcceptRate);
    }
}

/// <summary>The feedback store contract on SQLite (a file, so a second store reopens it).</summary>
public sealed class SqliteFeedbackStoreTests : FeedbackStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-").FullName;
    private readonly List<SqliteFeedbackStore> _stores = [];

    protected override Task<IFeedbackStore> OpenAsync()
    {
        var store = new SqliteFeedbackStore(Path.Combine(_folder, "feedback.db"));
        _stores.Add(store);
        return Task.FromResult<IFeedbackStore>(store);
    }

    [Fact]
    public async Task A_database_made_before_cards_carried_their_finding_gains_the_columns_and_keeps_its_cards()
    {
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "feedback.db")}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE cds_card (uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, hook_instance TEXT NOT NULL, finding_kind TEXT NOT NULL,
                    severity TEXT NOT NULL, reasoner TEXT NOT NULL, issued_at TEXT NOT NULL);
                INSERT INTO cds_card VALUES ('old-card', 'smartreasoning-order-sign', 'h', 'drug-renal', 'Critical', 'guidelines', '2026-01-01T00:00:00Z');
                """;
            create.ExecuteNonQuery();
        }

        var store = await OpenAsync();

        Assert.Null(await store.DecideAsync("old-card", "accepted", TestContext.Current.CancellationToken)); // no finding: nothing to write
        Assert.Equal(1, Assert.Single(await store.RatesAsync(TestContext.Current.CancellationToken)).CardsIssued);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The feedback store contract on PostgreSQL.</summary>
public sealed class PostgresFeedbackStoreTests(LocalPostgres postgres) : FeedbackStoreContract, IDisposable
{
    private readonly List<PostgresFeedbackStore> _stores = [];
    private string? _database;

    protected override async Task<IFeedbackStore> OpenAsync()
    {
        _database ??= await postgres.NewDatabaseAsync();
        var store = new PostgresFeedbackStore(_database);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
