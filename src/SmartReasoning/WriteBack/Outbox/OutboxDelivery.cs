using Microsoft.Extensions.Logging.Abstractions;
using SmartReasoning.WriteBack.Audit;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>What one delivery pass did.</summary>
public sealed record DeliveryReport(int Delivered, int Retried, int Failed)
{
    public int Attempted => Delivered + Retried + Failed;
}

/// <summary>
/// Sends the outbox's due messages, one claim at a time: a 2xx marks it delivered; no connection, a timeout, 408, 429
/// and 5xx put it back with a growing wait (or the server's <c>Retry-After</c>); any other 4xx, or no authority to
/// write, marks it failed and reports it. A message is given up (failed) after <see cref="OutboxOptions.MaxAttempts"/>.
/// The host calls <see cref="DeliverDueAsync"/> (or runs <see cref="OutboxDeliveryService"/>); it is safe to run in
/// several processes over one store.
/// </summary>
public sealed class OutboxDelivery
{
    private readonly IOutboxStore _store;
    private readonly IWriteAccessProvider _access;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<OutboxKind, IOutboxSender> _senders;
    private readonly IAuditTrail? _audit;

    /// <param name="audit">Where each write that is delivered or fails for good is recorded (AuditEvents sent to the EHR excepted).</param>
    public OutboxDelivery(IOutboxStore store, IEnumerable<IOutboxSender> senders, IWriteAccessProvider access, OutboxOptions options,
        ILogger<OutboxDelivery>? logger = null, IAuditTrail? audit = null)
    {
        _store = store;
        _audit = audit;
        _access = access;
        _options = options;
        _logger = logger ?? NullLogger<OutboxDelivery>.Instance;
        _senders = senders.ToDictionary(s => s.Kind);
    }

    /// <summary>The owner name this delivery claims messages under.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<DeliveryReport> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        int delivered = 0, retried = 0, failed = 0;
        for (var i = 0; i < _options.BatchSize; i++)
        {
            var entry = await _store.ClaimNextAsync(Owner, _options.Clock.GetUtcNow(), _options.Lease, cancellationToken).ConfigureAwait(false);
            if (entry is null) break;
            // A span per message sent, none for the empty passes every second.
            using var stage = Server.SmartReasoningTelemetry.Stage(Server.SmartReasoningTelemetry.Stages.WriteBack);
            stage.Activity?.SetTag("outbox.kind", entry.Message.Kind.ToString());
            stage.Activity?.SetTag("outbox.attempt", entry.Attempts);
            var outcome = await SendAsync(entry, cancellationToken).ConfigureAwait(false);
            if (outcome is not SendOutcome.Delivered) stage.Fail(outcome is SendOutcome.Retry ? "will be retried" : "failed");
            var now = _options.Clock.GetUtcNow();
            switch (outcome)
            {
                case SendOutcome.Delivered d:
                    await _store.MarkDeliveredAsync(entry.Id, Owner, now, d.Result, cancellationToken).ConfigureAwait(false);
                    await AuditAsync(entry, d, now, cancellationToken).ConfigureAwait(false);
                    delivered++;
                    break;
                case SendOutcome.Retry r when entry.Attempts < _options.MaxAttempts:
                    var wait = r.RetryAfter ?? Backoff(entry.Attempts);
                    await _store.MarkRetryAsync(entry.Id, Owner, now + wait, r.Reason, cancellationToken).ConfigureAwait(false);
                    _logger.LogWarning("Outbox message {Id} ({Kind}) attempt {Attempt} will be retried in {Wait}: {Reason}", entry.Id, entry.Message.Kind, entry.Attempts, wait, r.Reason);
                    retried++;
                    break;
                default:
                    var reason = outcome is SendOutcome.Retry ? $"gave up after {entry.Attempts} attempts: {outcome.Summary}" : outcome.Summary;
                    await _store.MarkFailedAsync(entry.Id, Owner, now, reason, cancellationToken).ConfigureAwait(false);
                    _logger.LogError("Outbox message {Id} ({Kind}) failed and will not be retried: {Reason}", entry.Id, entry.Message.Kind, reason);
                    await AuditAsync(entry, new SendOutcome.Rejected(reason), now, cancellationToken).ConfigureAwait(false);
                    failed++;
                    break;
            }
        }
        return new DeliveryReport(delivered, retried, failed);
    }

    private async Task<SendOutcome> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (!_senders.TryGetValue(entry.Message.Kind, out var sender))
            return new SendOutcome.Rejected($"no sender for {entry.Message.Kind} messages");
        string? token;
        try
        {
            token = await _access.TokenAsync(entry.Message.FhirBase, entry.Message.Auth, sender.ResourceTypes(entry.Message), sender.Rights, cancellationToken).ConfigureAwait(false);
        }
        catch (WriteAccessException e)
        {
            return e.Transient ? new SendOutcome.Retry(e.Message) : new SendOutcome.Rejected(e.Message);
        }
        return await sender.SendAsync(entry.Message, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task AuditAsync(OutboxEntry entry, SendOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_audit is null || entry.Message.Key.StartsWith(EhrAuditForwarder.KeyPrefix, StringComparison.Ordinal)
            || !_senders.TryGetValue(entry.Message.Kind, out var sender)) return;
        var subject = sender.Describe(entry.Message);
        var delivered = outcome as SendOutcome.Delivered;
        await _audit.RecordAsync(new AuditRecord(subject.Interaction, delivered is not null, subject.Patient ?? delivered?.Patient,
            delivered?.Written ?? [], subject.User, entry.Message.FhirBase, now, outcome.Summary), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wait after attempt <paramref name="attempt"/>: the base delay doubled each time, capped, with up to 20% jitter.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(30, Math.Max(0, attempt - 1)));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + (Random.Shared.NextDouble() * 0.2)));
    }
}
