using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Audit;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// A SQLite outbox in a temporary folder, a hand-moved clock, and writers and deliveries over them with small waits.
/// Dispose removes the folder.
/// </summary>
public sealed class OutboxHarness : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartreasoning-outbox-").FullName;

    public OutboxHarness()
    {
        Store = new SqliteOutboxStore(DatabasePath);
    }

    public string DatabasePath => Path.Combine(_folder, "outbox.db");

    public ManualClock Clock { get; } = new();

    public SqliteOutboxStore Store { get; private set; }

    public OutboxOptions Options => new()
    {
        Clock = Clock,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        Lease = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 10,
    };

    /// <summary>A new store on the same file: what a restarted process opens.</summary>
    public SqliteOutboxStore Reopen() => Store = new SqliteOutboxStore(DatabasePath);

    public FindingWriter Writer(IResourceValidator? validator = null) => new(Store, validator ?? NoValidation.Instance, Clock);

    public OutboxDelivery Delivery(HttpClient http, IWriteAccessProvider? access = null, IAuditTrail? audit = null)
    {
        var client = new FhirWriteClient(http, Options);
        return new OutboxDelivery(Store, [new TransactionSender(client), new DecisionSender(client)], access ?? NoWriteAccess.Instance, Options, audit: audit);
    }

    /// <summary>An audit trail in the same temporary folder.</summary>
    public SqliteAuditTrail AuditTrail() => new(Path.Combine(_folder, "audit.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform; the temp folder is cleaned by the system.
        }
    }
}
