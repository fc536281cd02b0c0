using Npgsql;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>
/// The outbox in PostgreSQL, for several SmartReasoning instances sharing one database: a claim takes the oldest due
/// row with <c>FOR UPDATE SKIP LOCKED</c>, so two instances never claim the same message at once, and each queued
/// write is delivered by one of them. Times are Unix milliseconds (UTC), as in <see cref="SqliteOutboxStore"/>.
/// </summary>
public sealed class PostgresOutboxStore : IOutboxStore, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresOutboxStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        using var command = _source.CreateCommand("""
            CREATE TABLE IF NOT EXISTS outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL, payload TEXT NOT NULL, fhir_base TEXT NOT NULL,
                auth_mode TEXT NOT NULL, auth_subject TEXT, msg_key TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT, lease_until BIGINT, last_error TEXT, result TEXT, finished_at BIGINT);
            CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
            """);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
        {
            // Another instance created the table at the same moment.
        }
    }

    public async Task<long> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var command = _source.CreateCommand("""
            INSERT INTO outbox (kind, payload, fhir_base, auth_mode, auth_subject, msg_key, state, created_at, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'Pending', $7, $7) RETURNING id
            """);
        command.Parameters.Add(new() { Value = message.Kind.ToString() });
        command.Parameters.Add(new() { Value = message.Payload });
        command.Parameters.Add(new() { Value = message.FhirBase });
        command.Parameters.Add(new() { Value = message.Auth.Mode.ToString() });
        command.Parameters.Add(new() { Value = (object?)message.Auth.Subject ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = message.Key });
        command.Parameters.Add(new() { Value = now.ToUnixTimeMilliseconds() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<OutboxEntry?> ClaimNextAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"""
            UPDATE outbox SET state = 'Delivering', lease_owner = $1, lease_until = $3, attempts = attempts + 1
            WHERE id = (SELECT id FROM outbox
                        WHERE (state = 'Pending' AND next_attempt_at <= $2) OR (state = 'Delivering' AND lease_until <= $2)
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {OutboxRows.Columns}
            """);
        command.Parameters.Add(new() { Value = owner });
        command.Parameters.Add(new() { Value = now.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = (now + lease).ToUnixTimeMilliseconds() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OutboxRows.Entry(reader) : null;
    }

    public Task<bool> MarkDeliveredAsync(long id, string owner, DateTimeOffset now, string? result, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Delivered', result = $3, finished_at = $4, lease_owner = NULL, lease_until = NULL", result, now, cancellationToken);

    public Task<bool> MarkRetryAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Pending', last_error = $3, next_attempt_at = $4, lease_owner = NULL, lease_until = NULL", error, nextAttemptAt, cancellationToken);

    public Task<bool> MarkFailedAsync(long id, string owner, DateTimeOffset now, string error, CancellationToken cancellationToken = default) =>
        FinishAsync(id, owner, "state = 'Failed', last_error = $3, finished_at = $4, lease_owner = NULL, lease_until = NULL", error, now, cancellationToken);

    private async Task<bool> FinishAsync(long id, string owner, string set, string? text, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand($"UPDATE outbox SET {set} WHERE id = $1 AND state = 'Delivering' AND lease_owner = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = owner });
        command.Parameters.Add(new() { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = at.ToUnixTimeMilliseconds() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<OutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT {OutboxRows.Columns} FROM outbox WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OutboxRows.Entry(reader) : null;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state = null, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT {OutboxRows.Columns} FROM outbox WHERE $1::text IS NULL OR state = $1 ORDER BY id");
        command.Parameters.Add(new() { Value = (object?)state?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<OutboxEntry> entries = [];
        while (await reader.ReadAsync(cancellationToken)) entries.Add(OutboxRows.Entry(reader));
        return entries;
    }

    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT state, COUNT(*)::int FROM outbox GROUP BY state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await OutboxRows.CountsAsync(reader, cancellationToken);
    }

    public void Dispose() => _source.Dispose();
}
