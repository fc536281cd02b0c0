using System.Globalization;
using Microsoft.Data.Sqlite;
using SmartReasoning.CdsHooks.Cards;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// Feedback in SQLite: a file (WAL, survives restarts) or, with no path, a private in-memory database kept alive by one
/// open connection for the store's lifetime. Writes are serialised; each call is one transaction.
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteFeedbackStore(string? path)
    {
        var builder = path is null
            ? new SqliteConnectionStringBuilder { DataSource = "feedback-" + Guid.NewGuid().ToString("N"), Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }
            : new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute(path is null ? "" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS cds_card (
                uuid TEXT PRIMARY KEY,
                service_id TEXT NOT NULL,
                hook_instance TEXT NOT NULL,
                finding_kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                reasoner TEXT NOT NULL,
                issued_at TEXT NOT NULL,
                fingerprint TEXT,
                finding TEXT,
                decision TEXT);
            CREATE TABLE IF NOT EXISTS cds_feedback (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                service_id TEXT NOT NULL,
                card TEXT NOT NULL,
                outcome TEXT NOT NULL,
                outcome_timestamp TEXT NOT NULL,
                accepted_suggestions TEXT NOT NULL,
                override_reason_system TEXT,
                override_reason_code TEXT,
                user_comment TEXT,
                received_at TEXT NOT NULL,
                UNIQUE (card, outcome, outcome_timestamp));
            """);
        // A database made before cards carried their finding: add the columns (SQLite has no ADD COLUMN IF NOT EXISTS).
        using var columns = _connection.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('cds_card')";
        HashSet<string> present = new(StringComparer.Ordinal);
        using (var reader = columns.ExecuteReader())
            while (reader.Read()) present.Add(reader.GetString(0));
        foreach (var column in new[] { "fingerprint", "finding", "decision" }.Where(c => !present.Contains(c)))
            Execute($"ALTER TABLE cds_card ADD COLUMN {column} TEXT");
    }

    public async Task RecordCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        if (cards.Count == 0) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO cds_card (uuid, service_id, hook_instance, finding_kind, severity, reasoner, issued_at, fingerprint, finding)
                VALUES ($uuid, $service, $hook, $kind, $severity, $reasoner, $at, $fingerprint, $finding)
                """;
            var parameters = new[] { "$uuid", "$service", "$hook", "$kind", "$severity", "$reasoner", "$at", "$fingerprint", "$finding" }
                .Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
            var now = Timestamp(DateTimeOffset.UtcNow);
            foreach (var card in cards)
            {
                object?[] values = [card.Uuid, card.ServiceId, card.HookInstance, card.FindingKind, card.Severity.ToString(), card.Reasoner, now, card.Finding?.Fingerprint, card.Finding?.ToJson()];
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<FeedbackWriteResult> RecordFeedbackAsync(string serviceId, IReadOnlyList<CdsFeedbackItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO cds_feedback (service_id, card, outcome, outcome_timestamp, accepted_suggestions, override_reason_system, override_reason_code, user_comment, received_at)
                VALUES ($service, $card, $outcome, $timestamp, $accepted, $system, $code, $comment, $at)
                """;
            var names = new[] { "$service", "$card", "$outcome", "$timestamp", "$accepted", "$system", "$code", "$comment", "$at" };
            var parameters = names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
            int stored = 0, duplicates = 0;
            foreach (var item in items)
            {
                object?[] values =
                [
                    serviceId, item.Card, item.Outcome, Timestamp(item.OutcomeTimestamp), string.Join(' ', item.AcceptedSuggestions),
                    item.OverrideReasonSystem, item.OverrideReasonCode, item.UserComment, Timestamp(DateTimeOffset.UtcNow),
                ];
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
                if (command.ExecuteNonQuery() == 1) stored++;
                else duplicates++;
            }
            transaction.Commit();
            return new FeedbackWriteResult(stored, duplicates);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<CardDecision?> DecideAsync(string card, string outcome, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = CardDecisionStates.DecideSql;
            command.Parameters.AddWithValue("@card", card);
            command.Parameters.AddWithValue("@outcome", outcome);
            using var reader = command.ExecuteReader();
            return reader.Read() ? CardDecision.Of(card, reader.GetString(0), reader.GetString(1)) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RevertDecisionAsync(CardDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = CardDecisionStates.RevertSql;
            command.Parameters.AddWithValue("@card", decision.Card);
            command.Parameters.AddWithValue("@state", decision.State);
            command.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<FindingKindRates>> RatesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT kind, SUM(issued), SUM(accepted), SUM(overridden) FROM (
                    SELECT finding_kind AS kind, 1 AS issued, 0 AS accepted, 0 AS overridden FROM cds_card
                    UNION ALL
                    SELECT COALESCE(c.finding_kind, 'unknown'), 0, f.outcome = 'accepted', f.outcome = 'overridden'
                    FROM cds_feedback f LEFT JOIN cds_card c ON c.uuid = f.card)
                GROUP BY kind ORDER BY kind
                """;
            using var reader = command.ExecuteReader();
            List<FindingKindRates> rates = [];
            while (reader.Read()) rates.Add(new FindingKindRates(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
            return rates;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Execute(string sql)
    {
        if (sql.Length == 0) return;
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
