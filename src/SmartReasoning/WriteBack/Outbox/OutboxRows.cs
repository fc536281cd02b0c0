using System.Data.Common;
using SmartReasoning.WriteBack.Access;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>The outbox's rows as both stores read them: the same columns in the same order, whatever the database.</summary>
internal static class OutboxRows
{
    /// <summary>The columns <see cref="Entry"/> reads, in its order.</summary>
    public const string Columns = "id, kind, payload, fhir_base, auth_mode, auth_subject, msg_key, state, attempts, created_at, next_attempt_at, lease_until, last_error, result";

    /// <summary>An entry from a row of <see cref="Columns"/>.</summary>
    public static OutboxEntry Entry(DbDataReader r) => new(
        r.GetInt64(0),
        new OutboxMessage(
            Enum.Parse<OutboxKind>(r.GetString(1)),
            r.GetString(2),
            r.GetString(3),
            new WriteAuth(Enum.Parse<WriteAuthMode>(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5)),
            r.GetString(6)),
        Enum.Parse<OutboxState>(r.GetString(7)),
        r.GetInt32(8),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        r.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
        r.IsDBNull(12) ? null : r.GetString(12),
        r.IsDBNull(13) ? null : r.GetString(13));

    /// <summary>The counts per state from rows of <c>state, count</c>.</summary>
    public static async Task<OutboxCounts> CountsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) counts[reader.GetString(0)] = reader.GetInt32(1);
        return new OutboxCounts(
            counts.GetValueOrDefault(nameof(OutboxState.Pending)), counts.GetValueOrDefault(nameof(OutboxState.Delivering)),
            counts.GetValueOrDefault(nameof(OutboxState.Delivered)), counts.GetValueOrDefault(nameof(OutboxState.Failed)));
    }
}
