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

    /// <summary>How the message is audited: the interaction, and the patient and user when the message names them.</summary>
    AuditSubject Describe(OutboxMessage message);
}

/// <summary>What an audit record of a message says about it before it is sent.</summary>
public sealed record AuditSubject(Audit.AuditInteraction Interaction, string? Patient, string? User);


