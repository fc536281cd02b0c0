using SmartReasoning.WriteBack.Access;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>Sends one kind of outbox message.</summary>
public interface IOutboxSender
{
    OutboxKind Kind { get; }

    /// <summary>The resource types the message writes (what the token must allow).</summary>
    IReadOnlyCollection<string> ResourceTypes(OutboxMessage message);

    /// <summary>What the token must allow on each of those types.</summary>
    ScopeRights Rights { get; }

    Task<SendOutcome> SendAsync(OutboxMessage message, string? token, CancellationToken cancellationToken);
}
