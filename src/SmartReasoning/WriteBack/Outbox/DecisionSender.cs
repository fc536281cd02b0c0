using System.Globalization;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack.Access;
using static SmartReasoning.WriteBack.AiTransparencyCodes;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>
/// Applies a clinician's decision to the finding as the chart holds it when the decision is sent: reads the Observation
/// (by its fingerprint) and its Provenance, changes them (<see cref="DecisionEdits"/>) and writes both back in one
/// transaction with <c>If-Match</c>, so an edit made meanwhile is read again rather than overwritten. A finding not in
/// the chart yet (its creation still queued) is retried later; a decision already applied is delivered as it is.
/// </summary>
public sealed class DecisionSender(FhirWriteClient client) : IOutboxSender
{
    public OutboxKind Kind => OutboxKind.Decision;

    public ScopeRights Rights => WriteScopes.ForDecision;

    public IReadOnlyCollection<string> ResourceTypes(OutboxMessage message) => ["Observation", "Provenance"];

    public async Task<SendOutcome> SendAsync(OutboxMessage message, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var decision = FindingDecision.FromJson(message.Payload);
        var found = await client.GetAsync(message.FhirBase, token, "Observation?identifier=" + Uri.EscapeDataString(TokenQuery(FingerprintSystem, decision.Fingerprint)), cancellationToken).ConfigureAwait(false);
        if (found.Failure is { } failure) return failure;
        var observations = Matches<Observation>(found.Resource);
        if (observations.Count == 0) return new SendOutcome.Retry("the finding is not in the chart yet");
        if (observations.Count > 1) return new SendOutcome.Rejected($"{observations.Count} Observations carry the finding's fingerprint");
        var observation = observations[0];

        var provenanceSearch = await client.GetAsync(message.FhirBase, token, $"Provenance?target=Observation/{Uri.EscapeDataString(observation.Id!)}", cancellationToken).ConfigureAwait(false);
        if (provenanceSearch.Failure is { } provenanceFailure) return provenanceFailure;
        var provenance = Matches<Provenance>(provenanceSearch.Resource).FirstOrDefault(p => p.Agent.Any(IsAiAgent));

        var edits = new DecisionEdits(decision);
        if (edits.Refusal(observation) is { } refusal) return new SendOutcome.Rejected(refusal);
        var changedObservation = edits.Apply(observation);
        var changedProvenance = provenance is not null && edits.Apply(provenance);
        var patient = observation.Subject?.ReferenceValue?.Value;
        if (!changedObservation && !changedProvenance) return new SendOutcome.Delivered($"Observation/{observation.Id} already {observation.Status?.Value}", [], patient);

        var transaction = new Bundle { Type = BundleType.Transaction };
        if (changedObservation) transaction.Entry.Add(Update(observation));
        if (changedProvenance) transaction.Entry.Add(Update(provenance!));
        var sent = await client.PostTransactionAsync(message.FhirBase, token, FhirJsonSerializer.SerializeToString(transaction), cancellationToken).ConfigureAwait(false);
        if (sent.Failure is { } sendFailure) return sendFailure;
        return new SendOutcome.Delivered($"Observation/{observation.Id} {observation.Status?.Value}{(changedProvenance ? $", Provenance/{provenance!.Id} verified" : "")}",
            [.. transaction.Entry.Select(e => $"{e.Resource!.TypeInfo.Name}/{e.Resource.Id}")], patient);
    }

    public AuditSubject Describe(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new AuditSubject(Audit.AuditInteraction.Update, null, FindingDecision.FromJson(message.Payload).User);
    }

    internal static bool IsAiAgent(Provenance.AgentComponent agent) =>
        agent.Role.Any(r => r.Coding.Any(c => c.System?.Value == DeviceTypeSystem && c.Code?.Value == "Artificial-Intelligence"));

    private static List<T> Matches<T>(Resource? searchset) where T : Resource =>
        searchset is Bundle bundle ? [.. bundle.Entry.Where(e => e.Search?.Mode?.Enum is null or SearchEntryMode.Match).Select(e => e.Resource).OfType<T>()] : [];

    private static Bundle.EntryComponent Update(Resource resource) => new()
    {
        Resource = resource,
        Request = new Bundle.RequestComponent
        {
            Method = HTTPVerb.PUT,
            Url = new FhirUri { Value = $"{resource.TypeInfo.Name}/{resource.Id}" },
            IfMatch = resource.Meta?.VersionId?.Value is { } version ? new FhirString { Value = string.Create(CultureInfo.InvariantCulture, $"W/\"{version}\"") } : null,
        },
    };
}
