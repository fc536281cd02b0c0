namespace SmartReasoning.WriteBack.Outbox;

/// <summary>
/// Durable storage of queued writes. A message is claimed with a lease before it is sent: if the process dies while
/// sending, the lease runs out and another delivery claims it again (conditional creates make the resend harmless).
/// Each state change names the claim's owner and is ignored when the claim has passed to someone else.
/// SQLite by default (<see cref="SqliteOutboxStore"/>); one store may be shared by several processes.
/// </summary>
public interface IOutboxStore
{
    Task<long> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Claims the oldest message due at <paramref name="now"/> (pending and due, or delivering with an expired lease); null when none is.</summary>
    Task<OutboxEntry?> ClaimNextAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    Task<bool> MarkDeliveredAsync(long id, string owner, DateTimeOffset now, string? result, CancellationToken cancellationToken = default);

    /// <summary>Back to pending, to be tried again at <paramref name="nextAttemptAt"/>.</summary>
    Task<bool> MarkRetryAsync(long id, string owner, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    /// <summary>Given up: the reason stays for the report.</summary>
    Task<bool> MarkFailedAsync(long id, string owner, DateTimeOffset now, string error, CancellationToken cancellationToken = default);

    Task<OutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState? state = null, CancellationToken cancellationToken = default);

    Task<OutboxCounts> CountAsync(CancellationToken cancellationToken = default);
}
