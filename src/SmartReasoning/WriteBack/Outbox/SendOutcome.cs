namespace SmartReasoning.WriteBack.Outbox;

/// <summary>What one attempt at sending a message came to.</summary>
public abstract record SendOutcome(string Summary)
{
    /// <summary>
    /// The server took it (2xx); <see cref="SendOutcome.Summary"/> says what it did, <paramref name="Written"/> which
    /// resources (<c>Type/id</c>) and <paramref name="Patient"/> whose record, for the audit trail.
    /// </summary>
    public sealed record Delivered(string Result, IReadOnlyList<string>? Written = null, string? Patient = null) : SendOutcome(Result);

    /// <summary>Worth trying again later: no connection, a timeout, 408, 429, 5xx, an edit conflict. The server may say when.</summary>
    public sealed record Retry(string Reason, TimeSpan? RetryAfter = null) : SendOutcome(Reason);

    /// <summary>Refused for good (4xx other than 408/429, or no way to authorise the write): reported, never retried.</summary>
    public sealed record Rejected(string Reason, int? Status = null) : SendOutcome(Reason);
}
