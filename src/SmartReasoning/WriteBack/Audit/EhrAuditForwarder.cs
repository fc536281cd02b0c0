using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack.Audit;

/// <summary>
/// Keeps every record in our own trail and also queues its AuditEvent for the EHR it concerns, through the outbox (so
/// it waits out outages like any write), created conditionally on the record's id so a resend adds nothing.
/// </summary>
public sealed class EhrAuditForwarder(IAuditTrail local, IOutboxStore outbox, WriteAuth auth) : IAuditTrail
{
    /// <summary>The outbox key prefix of forwarded AuditEvents (their delivery is not itself audited).</summary>
    public const string KeyPrefix = "audit/";

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await local.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        var transaction = new Bundle
        {
            Type = BundleType.Transaction,
            Entry =
            [
                new Bundle.EntryComponent
                {
                    FullUrl = new FhirUri { Value = "urn:uuid:" + record.Id },
                    Resource = AuditEvents.From(record),
                    Request = new Bundle.RequestComponent
                    {
                        Method = HTTPVerb.POST,
                        Url = new FhirUri { Value = "AuditEvent" },
                        IfNoneExist = new FhirString { Value = FindingTransaction.Condition("entity:identifier", AuditEvents.RecordSystem, record.Id) },
                    },
                },
            ],
        };
        await outbox.EnqueueAsync(new OutboxMessage(OutboxKind.Transaction, FhirJsonSerializer.SerializeToString(transaction), record.FhirBase, auth, KeyPrefix + record.Id),
            record.Recorded, cancellationToken).ConfigureAwait(false);
    }
}
