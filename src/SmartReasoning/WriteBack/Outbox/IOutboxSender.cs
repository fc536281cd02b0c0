namespace SmartReasoning.WriteBack.Outbox;

/// <summary>Sends one kind of outbox message.</summary>
public interface IOutboxSender
{
    OutboxKind Kind { get; }

    /// <summary>The resource types the message writes (what the token must allow).</summary>
    IReadOnlyCollection<string> ResourceTypes(OutboxMessage message);

    Task<SendOutcome> SendAsync(OutboxMessage message, string? token, CancellationToken cancellationToken);
}
