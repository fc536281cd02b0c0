namespace SmartReasoning.WriteBack.Audit;

/// <summary>The REST interaction audited (IHE Basic Audit Log Patterns' subtypes).</summary>
public enum AuditInteraction { Read, Search, Create, Update }

/// <summary>
/// One access to a patient's record by SmartReasoning: what was done (<see cref="Interaction"/>), to which resources
/// (<see cref="What"/>, <c>Type/id</c>), of which patient, for which user (fhirUser, when known) and app, at which
/// FHIR server, when, and whether it worked. <see cref="Id"/> names the record everywhere it is kept.
/// </summary>
public sealed record AuditRecord(
    AuditInteraction Interaction,
    bool Succeeded,
    string? Patient,
    IReadOnlyList<string> What,
    string? User,
    string FhirBase,
    DateTimeOffset Recorded,
    string? Detail = null)
{
    public string Id { get; init; } = Guid.NewGuid().ToString("D");

    /// <summary>The app's name as it appears as an agent.</summary>
    public string App { get; init; } = "SmartReasoning";
}

/// <summary>
/// Where audit records go: every read of a patient's record (the Pull stage) and every write (the outbox). Kept in our
/// own store (<see cref="SqliteAuditTrail"/>) and, when configured, also sent to the EHR (<see cref="EhrAuditForwarder"/>).
/// Recording must not fail the work audited: implementations log their own failures.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which audit records to read: of one patient (<c>Patient/id</c>) or all, recorded from <see cref="Since"/> (inclusive)
/// until <see cref="Until"/> (exclusive), at most <see cref="Limit"/>, newest first or oldest first.
/// </summary>
public sealed record AuditQuery(string? Patient = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null, int? Limit = null, bool NewestFirst = false);

/// <summary>Our own audit store: records kept as AuditEvents, read back by patient and time (SQLite by default, PostgreSQL when configured).</summary>
public interface IAuditStore : IAuditTrail
{
    /// <summary>The AuditEvents kept, oldest first; of one patient (<c>Patient/id</c>) when <paramref name="patient"/> is given.</summary>
    Task<IReadOnlyList<Fhir.Model.AuditEvent>> ReadAsync(string? patient = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Fhir.Model.AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
