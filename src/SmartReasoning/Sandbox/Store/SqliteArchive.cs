using System.Globalization;
using Microsoft.Data.Sqlite;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Store;

/// <summary>
/// Keeps every version the store writes in a SQLite file, so a sandbox survives restarts: appended as each change
/// is applied (one SQLite transaction per store change), read back whole at start.
/// </summary>
public sealed class SqliteArchive : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public SqliteArchive(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL");
        Execute("""
            CREATE TABLE IF NOT EXISTS versions (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
                last_updated TEXT NOT NULL, json BLOB)
            """);
    }

    /// <summary>Appends versions (a deletion has no JSON) in one SQLite transaction.</summary>
    public void Append(IReadOnlyList<StoredResource> versions)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO versions (type, id, version, last_updated, json) VALUES ($type, $id, $version, $updated, $json)";
            var type = insert.Parameters.Add("$type", SqliteType.Text);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var version = insert.Parameters.Add("$version", SqliteType.Integer);
            var updated = insert.Parameters.Add("$updated", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Blob);
            foreach (var v in versions)
            {
                type.Value = v.ResourceType;
                id.Value = v.Id;
                version.Value = v.VersionId;
                updated.Value = v.LastUpdated.ToString("o", CultureInfo.InvariantCulture);
                json.Value = (object?)v.Json ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>Every version kept, in the order written.</summary>
    public IReadOnlyList<StoredResource> ReadAll()
    {
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        List<StoredResource> versions = [];
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT type, id, version, last_updated, json FROM versions ORDER BY seq";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var json = reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4);
                var resource = json is null ? null : parser.Parse(json).Value;
                versions.Add(new StoredResource(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), resource, json));
            }
        }
        return versions;
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
