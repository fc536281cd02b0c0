namespace SmartReasoning.WriteBack.Outbox;

/// <summary>What an outbox message asks for.</summary>
public enum OutboxKind
{
    /// <summary>A transaction Bundle to POST to the FHIR base as it is.</summary>
    Transaction,

    /// <summary>A clinician's decision on a finding (<see cref="FindingDecision"/>), applied to the current resources when sent.</summary>
    Decision,
}

/// <summary>How a write is authorised when it is sent.</summary>
public enum WriteAuthMode
{
    /// <summary>The launching user's token while its launch lasts and its scopes allow the write; else backend services.</summary>
    User,

    /// <summary>SMART Backend Services (client_credentials).</summary>
    Backend,

    /// <summary>No token (an open server: the sandbox with --open, tests).</summary>
    None,
}

/// <summary>
/// Whose authority a write goes with: the mode and what names it (the launch key for <see cref="WriteAuthMode.User"/>,
/// the launch config's name for <see cref="WriteAuthMode.Backend"/>). Never a token: tokens expire and stay out of the database.
/// </summary>
public sealed record WriteAuth(WriteAuthMode Mode, string? Subject = null)
{
    public static WriteAuth Open { get; } = new(WriteAuthMode.None);
}

/// <summary>A write to queue: its kind, payload (FHIR JSON or a decision's JSON), the FHIR base it goes to, how it is authorised, and a key naming the finding.</summary>
public sealed record OutboxMessage(OutboxKind Kind, string Payload, string FhirBase, WriteAuth Auth, string Key);

/// <summary>Where a message is in its life.</summary>
public enum OutboxState { Pending, Delivering, Delivered, Failed }

/// <summary>A queued message with its delivery state.</summary>
public sealed record OutboxEntry(
    long Id,
    OutboxMessage Message,
    OutboxState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LeaseUntil,
    string? LastError,
    string? Result);

/// <summary>How many messages are in each state.</summary>
public sealed record OutboxCounts(int Pending, int Delivering, int Delivered, int Failed)
{
    public int Total => Pending + Delivering + Delivered + Failed;

    public override string ToString() => $"{Pending} pending, {Delivering} delivering, {Delivered} delivered, {Failed} failed";
}
