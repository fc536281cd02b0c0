using Microsoft.Data.Sqlite;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>
/// The outbox in a SQLite file (the default: one process on a fresh machine). Every change is one statement, so a
/// claim is atomic even when several processes share the file; times are Unix milliseconds (UTC).
/// </summary>
public sealed class SqliteOutboxStore : IOutboxStore
{
    private readonly string _connectionString;

    public SqliteOutboxStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL, payload TEXT NOT NULL, fhir_base TEXT NOT NULL,
                auth_mode TEXT NOT NULL, auth_subject TEXT, msg_key TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
                lease_owner TEXT, lease_until INTEGER, last_error TEXT, result TEXT, finished_at INTEGER)
            """);
        Execute(connection, "CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at)");
    }

    public async Task<long> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO outbox (kind, payload, fhir_base, auth_mode, auth_subject, msg_key, state, created_at, next_attempt_at)
            VALUES ($kind, $payload, $base, $mode, $subject, $key, 'Pending', $now, $now) RETURNING id
            """;
        command.Parameters.AddWithValue("$kind", message.Kind.ToString());
        command.Parameters.AddWithValue("$payload", message.Payload);
        command.Parameters.AddWithValue("$base", message.FhirBase);
        command.Parameters.AddWithValue("$mode", message.Auth.Mode.ToString());
        command.Parameters.AddWithValue("$subject", (object?)message.Auth.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue("$key", message.Key);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<OutboxEntry?> ClaimNextAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE outbox SET state = 'Delivering', lease_owner = $owner, lease_until = $until, attempts = attempts + 1
            WHERE id = (SELECT id FROM outbox
                        WHERE (state = 'Pending' AND next_attempt_at <= $now) OR (state = 'Delivering' AND lease_until <= $now)
                        ORDER BY id LIMIT 1)
            RETURNING {OutboxRows.Columns}
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OutboxRows.Entry(reader) : null;
    }

    public Task<bool> MarkDeliveredAsync(long id, string owner, DateTimeOffset now, string? result, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Delivered', result = $text, finished_at = $at, lease_owner = NULL, lease_until = NULL", result, now, cancellationToken);

    public Task<bool> MarkRetryAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Pending', last_error = $text, next_attempt_at = $at, lease_owner = NULL, lease_until = NULL", error, nextAttemptAt, cancellationToken);

    public Task<bool> MarkFailedAsync(long id, string owner, DateTimeOffset now, string error, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Failed', last_error = $text, finished_at = $at, lease_owner = NULL, lease_until = NULL", error, now, cancellationToken);

    private async Task<bool> FinishAsync(long id, string owner, string set, string? text, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE outbox SET {set} WHERE id = $id AND state = 'Delivering' AND lease_owner = $owner";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$text", (object?)text ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<OutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxRows.Columns} FROM outbox WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OutboxRows.Entry(reader) : null;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state = null, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxRows.Columns} FROM outbox WHERE $state IS NULL OR state = $state ORDER BY id";
        command.Parameters.AddWithValue("$state", (object?)state?.ToString() ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<OutboxEntry> entries = [];
        while (await reader.ReadAsync(cancellationToken)) entries.Add(OutboxRows.Entry(reader));
        return entries;
    }

    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, COUNT(*) FROM outbox GROUP BY state";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await OutboxRows.CountsAsync(reader, cancellationToken);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
