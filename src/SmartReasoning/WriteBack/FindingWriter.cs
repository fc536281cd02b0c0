using Microsoft.Extensions.Logging.Abstractions;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack;

/// <summary>What became of one finding handed to the writer.</summary>
public sealed record FindingWriteResult(string Fingerprint, string Kind, long? OutboxId, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>Queued for delivery; false when validation refused it (a bug to report, never a write).</summary>
    public bool Queued => OutboxId is not null;
}

/// <summary>Where findings go: the EHR's FHIR base, the patient (and encounter), and with whose authority.</summary>
public sealed record WriteTarget(string FhirBase, FindingSubject Subject, WriteAuth Auth);

/// <summary>
/// Turns findings into their Observation, Provenance and Device (<see cref="FindingResources"/>), validates each
/// against its profile, and queues the transaction in the outbox; the outbox delivers it. A resource that fails
/// validation is a bug in SmartReasoning: it is logged (profile, locations and codes, never the patient or the
/// finding's text) and reported in the result, and nothing of that finding is queued.
/// </summary>
public sealed class FindingWriter(IOutboxStore outbox, IResourceValidator validator, TimeProvider clock, DeviceOwner? owner = null, ILogger<FindingWriter>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<FindingWriter>.Instance;

    public async Task<IReadOnlyList<FindingWriteResult>> WriteAsync(ReasoningResult result, WriteTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        List<FindingWriteResult> written = [];
        foreach (var finding in result.Findings)
            written.Add(await WriteAsync(finding, result.Reasoner, target, cancellationToken).ConfigureAwait(false));
        return written;
    }

    public async Task<FindingWriteResult> WriteAsync(Finding finding, ReasonerInfo reasoner, WriteTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(target);
        var (set, transaction) = FindingTransaction.For(finding, target.Subject, reasoner, clock.GetUtcNow(), owner);
        var problems = Validate(set);
        if (problems.Count > 0)
        {
            _logger.LogError("Bug: a {Kind} finding's resources do not conform to fhir-profiles and were not written: {Problems}",
                finding.Kind.Code, string.Join("; ", problems.Select(p => $"{p.Location} {p.Code}")));
            return new FindingWriteResult(set.Fingerprint, finding.Kind.Code, null, problems);
        }
        var message = new OutboxMessage(OutboxKind.Transaction, FhirJsonSerializer.SerializeToString(transaction), target.FhirBase, target.Auth, set.Fingerprint);
        var id = await outbox.EnqueueAsync(message, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new FindingWriteResult(set.Fingerprint, finding.Kind.Code, id, []);
    }

    /// <summary>Each resource against its profile; the placeholders (urn:uuid:) are references a validator accepts.</summary>
    private List<ValidationProblem> Validate(FindingResourceSet set) =>
    [
        .. validator.Validate(set.Observation, AiTransparencyCodes.ObservationProfile),
        .. validator.Validate(set.Provenance, AiTransparencyCodes.ProvenanceProfile),
        .. validator.Validate(set.Device, AiTransparencyCodes.DeviceProfile),
    ];
}
