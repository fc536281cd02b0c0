using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.WriteBack.Audit;

/// <summary>The audit trail in PostgreSQL (shared by several instances), with the same rows as <see cref="SqliteAuditTrail"/>.</summary>
public sealed class PostgresAuditTrail : IAuditStore, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly ILogger _logger;

    public PostgresAuditTrail(string connectionString, ILogger<PostgresAuditTrail>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _logger = logger ?? NullLogger<PostgresAuditTrail>.Instance;
        _source = NpgsqlDataSource.Create(connectionString);
        using var command = _source.CreateCommand("""
            CREATE TABLE IF NOT EXISTS audit (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, recorded BIGINT NOT NULL,
                interaction TEXT NOT NULL, succeeded BOOLEAN NOT NULL, patient TEXT, fhir_base TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_patient ON audit (patient, recorded);
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

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await using var command = _source.CreateCommand("""
                INSERT INTO audit (id, recorded, interaction, succeeded, patient, fhir_base, json)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING
                """);
            command.Parameters.Add(new() { Value = record.Id });
            command.Parameters.Add(new() { Value = record.Recorded.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new() { Value = record.Interaction.ToString() });
            command.Parameters.Add(new() { Value = record.Succeeded });
            command.Parameters.Add(new() { Value = (object?)record.Patient ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = record.FhirBase });
            command.Parameters.Add(new() { Value = FhirJsonSerializer.SerializeToString(AuditEvents.From(record)) });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The audited work has happened; losing its record is reported loudly, but does not undo it.
            _logger.LogError(e, "An audit record ({Interaction}) could not be stored", record.Interaction);
        }
    }

    public Task<IReadOnlyList<AuditEvent>> ReadAsync(string? patient = null, CancellationToken cancellationToken = default) =>
        QueryAsync(new AuditQuery(patient), cancellationToken);

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _source.CreateCommand($"""
            SELECT json FROM audit
            WHERE ($1::text IS NULL OR patient = $1) AND ($2::bigint IS NULL OR recorded >= $2) AND ($3::bigint IS NULL OR recorded < $3)
            ORDER BY seq {(query.NewestFirst ? "DESC" : "ASC")} LIMIT $4
            """);
        command.Parameters.Add(new() { Value = (object?)query.Patient ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = (object?)query.Until?.ToUnixTimeMilliseconds() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        // LIMIT NULL is no limit.
        command.Parameters.Add(new() { Value = (object?)query.Limit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditEvents.ReadAllAsync(reader, cancellationToken);
    }

    public void Dispose() => _source.Dispose();
}
