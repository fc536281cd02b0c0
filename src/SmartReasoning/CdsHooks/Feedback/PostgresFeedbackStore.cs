using Npgsql;
using SmartReasoning.CdsHooks.Cards;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// Feedback in PostgreSQL, shared by every instance of the service: the same two tables as the SQLite store, each
/// insert idempotent (<c>ON CONFLICT DO NOTHING</c>), so a duplicate post from any instance is stored once.
/// </summary>
public sealed class PostgresFeedbackStore : IFeedbackStore, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresFeedbackStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        using var command = _source.CreateCommand("""
            CREATE TABLE IF NOT EXISTS cds_card (
                uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, hook_instance TEXT NOT NULL, finding_kind TEXT NOT NULL,
                severity TEXT NOT NULL, reasoner TEXT NOT NULL, issued_at TIMESTAMPTZ NOT NULL);
            ALTER TABLE cds_card ADD COLUMN IF NOT EXISTS fingerprint TEXT;
            ALTER TABLE cds_card ADD COLUMN IF NOT EXISTS finding TEXT;
            ALTER TABLE cds_card ADD COLUMN IF NOT EXISTS decision TEXT;
            CREATE TABLE IF NOT EXISTS cds_feedback (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, service_id TEXT NOT NULL, card TEXT NOT NULL,
                outcome TEXT NOT NULL, outcome_timestamp TIMESTAMPTZ NOT NULL, accepted_suggestions TEXT NOT NULL,
                override_reason_system TEXT, override_reason_code TEXT, user_comment TEXT, received_at TIMESTAMPTZ NOT NULL,
                UNIQUE (card, outcome, outcome_timestamp));
            """);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateColumn)
        {
            // Another instance created the tables (or added the columns) at the same moment.
        }
    }

    public async Task RecordCardsAsync(IReadOnlyList<IssuedCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        if (cards.Count == 0) return;
        await using var batch = _source.CreateBatch();
        var now = DateTimeOffset.UtcNow;
        foreach (var card in cards)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO cds_card (uuid, service_id, hook_instance, finding_kind, severity, reasoner, issued_at, fingerprint, finding)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (uuid) DO NOTHING
                """);
            foreach (var value in new object?[] { card.Uuid, card.ServiceId, card.HookInstance, card.FindingKind, card.Severity.ToString(), card.Reasoner, now, card.Finding?.Fingerprint, card.Finding?.ToJson() })
                command.Parameters.Add(Parameter(value));
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<FeedbackWriteResult> RecordFeedbackAsync(string serviceId, IReadOnlyList<CdsFeedbackItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        int stored = 0, duplicates = 0;
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var item in items)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO cds_feedback (service_id, card, outcome, outcome_timestamp, accepted_suggestions, override_reason_system, override_reason_code, user_comment, received_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (card, outcome, outcome_timestamp) DO NOTHING
                """, connection, transaction);
            foreach (var value in new object?[]
            {
                serviceId, item.Card, item.Outcome, item.OutcomeTimestamp.ToUniversalTime(), string.Join(' ', item.AcceptedSuggestions),
                item.OverrideReasonSystem, item.OverrideReasonCode, item.UserComment, DateTimeOffset.UtcNow,
            })
                command.Parameters.Add(Parameter(value));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) stored++;
            else duplicates++;
        }
        await transaction.CommitAsync(cancellationToken);
        return new FeedbackWriteResult(stored, duplicates);
    }

    public async Task<CardDecision?> DecideAsync(string card, string outcome, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(CardDecisionStates.DecideSql);
        command.Parameters.AddWithValue("card", card);
        command.Parameters.AddWithValue("outcome", outcome);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? CardDecision.Of(card, reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task RevertDecisionAsync(CardDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await using var command = _source.CreateCommand(CardDecisionStates.RevertSql);
        command.Parameters.AddWithValue("card", decision.Card);
        command.Parameters.AddWithValue("state", decision.State);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A positional parameter; a null is a typed NULL (PostgreSQL cannot infer the type of an untyped one).</summary>
    private static NpgsqlParameter Parameter(object? value) =>
        value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value };

    public async Task<IReadOnlyList<FindingKindRates>> RatesAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand("""
            SELECT kind, SUM(issued)::int, SUM(accepted)::int, SUM(overridden)::int FROM (
                SELECT finding_kind AS kind, 1 AS issued, 0 AS accepted, 0 AS overridden FROM cds_card
                UNION ALL
                SELECT COALESCE(c.finding_kind, 'unknown'), 0, (f.outcome = 'accepted')::int, (f.outcome = 'overridden')::int
                FROM cds_feedback f LEFT JOIN cds_card c ON c.uuid = f.card) counts
            GROUP BY kind ORDER BY kind COLLATE "C"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<FindingKindRates> rates = [];
        while (await reader.ReadAsync(cancellationToken))
            rates.Add(new FindingKindRates(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
        return rates;
    }

    public void Dispose() => _source.Dispose();
}
