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

    public async Task<IReadOnlyList<AuditEvent>> ReadAsync(string? patient = null, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM audit WHERE $patient IS NULL OR patient = $patient ORDER BY seq";
        command.Parameters.AddWithValue("$patient", (object?)patient ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Strict);
        List<AuditEvent> events = [];
        while (await reader.ReadAsync(cancellationToken)) events.Add((AuditEvent)parser.Parse(reader.GetString(0)).Value!);
        return events;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
