using System.Text.RegularExpressions;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack;

/// <summary>
/// A clinician accepting or rejecting a finding (in the app, or a CDS card's feedback): the decision is queued in the
/// outbox like every write, and applied to the chart's Observation and Provenance when it is sent (<see cref="DecisionSender"/>).
/// </summary>
public sealed partial class FindingDecisions(IOutboxStore outbox, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    /// <summary>Accepts the finding: the Observation becomes final and the user is added to its Provenance as verifier.</summary>
    /// <returns>The outbox id of the queued decision.</returns>
    public Task<long> AcceptAsync(string fingerprint, string user, string fhirBase, WriteAuth auth, CancellationToken cancellationToken = default) =>
        QueueAsync(fingerprint, Verdict.Accept, user, null, fhirBase, auth, cancellationToken);

    /// <summary>Rejects the finding: the Observation becomes entered-in-error with the reason in a note by the user.</summary>
    public Task<long> RejectAsync(string fingerprint, string user, string? reason, string fhirBase, WriteAuth auth, CancellationToken cancellationToken = default) =>
        QueueAsync(fingerprint, Verdict.Reject, user, reason, fhirBase, auth, cancellationToken);

    private Task<long> QueueAsync(string fingerprint, Verdict verdict, string user, string? reason, string fhirBase, WriteAuth auth, CancellationToken cancellationToken)
    {
        if (!IsFingerprint(fingerprint)) throw new ArgumentException("a finding fingerprint is 64 lower-case hex digits", nameof(fingerprint));
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(fhirBase);
        if (reason is { Length: > MaxReasonLength }) throw new ArgumentException($"a reason has at most {MaxReasonLength} characters", nameof(reason));
        var decision = new FindingDecision(fingerprint, verdict, UserReference(user, fhirBase), clock.GetUtcNow(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        return outbox.EnqueueAsync(new OutboxMessage(OutboxKind.Decision, decision.ToJson(), fhirBase, auth, fingerprint), clock.GetUtcNow(), cancellationToken);
    }

    public static bool IsFingerprint(string? value) => value is not null && FingerprintPattern().IsMatch(value);

    /// <summary>The fhirUser as a reference on the EHR: relative when it is under the FHIR base (<c>Practitioner/123</c>).</summary>
    public static string UserReference(string fhirUser, string fhirBase)
    {
        ArgumentNullException.ThrowIfNull(fhirUser);
        var prefix = fhirBase.TrimEnd('/') + "/";
        return fhirUser.StartsWith(prefix, StringComparison.Ordinal) ? fhirUser[prefix.Length..] : fhirUser;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex FingerprintPattern();
}
