using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.WriteBack.Audit;

/// <summary>
/// The audit trail in our own SQLite file: one row per record, with the AuditEvent as FHIR JSON and the columns an
/// auditor searches by (time, patient, interaction, outcome). Rows are only ever added.
/// </summary>
public sealed class SqliteAuditTrail : IAuditStore
{
    private readonly string _connectionString;
    private readonly ILogger _logger;

    public SqliteAuditTrail(string path, ILogger<SqliteAuditTrail>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _logger = logger ?? NullLogger<SqliteAuditTrail>.Instance;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, recorded INTEGER NOT NULL,
                interaction TEXT NOT NULL, succeeded INTEGER NOT NULL, patient TEXT, fhir_base TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_patient ON audit (patient, recorded);
            """;
        command.ExecuteNonQuery();
    }

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO audit (id, recorded, interaction, succeeded, patient, fhir_base, json)
                VALUES ($id, $recorded, $interaction, $succeeded, $patient, $base, $json)
                """;
            command.Parameters.AddWithValue("$id", record.Id);
            command.Parameters.AddWithValue("$recorded", record.Recorded.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$interaction", record.Interaction.ToString());
            command.Parameters.AddWithValue("$succeeded", record.Succeeded ? 1 : 0);
            command.Parameters.AddWithValue("$patient", (object?)record.Patient ?? DBNull.Value);
            command.Parameters.AddWithValue("$base", record.FhirBase);
            command.Parameters.AddWithValue("$json", FhirJsonSerializer.SerializeToString(AuditEvents.From(record)));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e)
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
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT json FROM audit
            WHERE ($patient IS NULL OR patient = $patient) AND ($since IS NULL OR recorded >= $since) AND ($until IS NULL OR recorded < $until)
            ORDER BY seq {(query.NewestFirst ? "DESC" : "ASC")} LIMIT $limit
            """;
        command.Parameters.AddWithValue("$patient", (object?)query.Patient ?? DBNull.Value);
        command.Parameters.AddWithValue("$since", (object?)query.Since?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$until", (object?)query.Until?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit ?? -1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditEvents.ReadAllAsync(reader, cancellationToken);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
