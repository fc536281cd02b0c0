using SmartReasoning.CdsHooks.Cards;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// Carries a card's feedback into the chart. Accepted: the card's finding is queued as its conditional transaction
/// (<see cref="FindingWriter"/>; keyed on the fingerprint, so a finding already written creates nothing) and then the
/// accept decision, verified by the hook call's user. Overridden after it was accepted: the finding is rejected. The
/// store decides each card once (<see cref="IFeedbackStore.DecideAsync"/>), so the same feedback twice, or at two
/// instances, queues nothing twice. Writes go with backend services: feedback carries no user token.
/// </summary>
public sealed class CardWriteBack(IFeedbackStore store, FindingWriter writer, FindingDecisions decisions, AllowedFhirServers allowed, ILogger<CardWriteBack> log)
{
    /// <summary>The authority of every write a card makes: SMART Backend Services with the EHR's launch config.</summary>
    public static WriteAuth Auth { get; } = new(WriteAuthMode.Backend);

    /// <returns>How many writes were queued (transactions and decisions).</returns>
    public async Task<int> ApplyAsync(IReadOnlyList<CdsFeedbackItem> items, CdsClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(client);
        var queued = 0;
        foreach (var item in items)
        {
            if (await store.DecideAsync(item.Card, item.Outcome, cancellationToken) is not { } decision) continue;
            var finding = decision.Finding;
            // Only the client that was given the card acts on it, and only on an EHR still allowed (configuration may have changed).
            if (finding.Issuer != client.Issuer || !allowed.Allows(finding.FhirServer, client))
            {
                log.LogWarning("Feedback on a card was not written to the chart: {Reason}",
                    finding.Issuer != client.Issuer ? "it came from another CDS client than the card's" : "the card's EHR is no longer allowed");
                await store.RevertDecisionAsync(decision, cancellationToken);
                continue;
            }
            try
            {
                queued += await QueueAsync(decision, item, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Give the decision back so the EHR's retry of this feedback can take it; the request fails.
                await store.RevertDecisionAsync(decision, CancellationToken.None);
                throw;
            }
        }
        return queued;
    }

    private async Task<int> QueueAsync(CardDecision decision, CdsFeedbackItem item, CancellationToken cancellationToken)
    {
        var finding = decision.Finding;
        switch (decision.Write)
        {
            case CardWrite.WriteAndAccept:
                var written = await writer.WriteAsync(finding.Finding, finding.Reasoner, new WriteTarget(finding.FhirServer, finding.Subject, Auth), cancellationToken);
                // A finding that fails its profile is a bug the writer has reported; there is nothing to accept, and the card
                // goes back to undecided so a later override does not try to withdraw what never reached the chart.
                if (!written.Queued)
                {
                    await store.RevertDecisionAsync(decision, CancellationToken.None);
                    return 0;
                }
                await decisions.AcceptAsync(finding.Fingerprint, finding.UserId, finding.FhirServer, Auth, cancellationToken);
                return 2;
            case CardWrite.Reject:
                await decisions.RejectAsync(finding.Fingerprint, finding.UserId, OverrideReason(item), finding.FhirServer, Auth, cancellationToken);
                return 1;
            default:
                // Overridden before it was ever accepted: the finding never reached the chart, so nothing is written;
                // the feedback itself is stored (and counted) like any other.
                return 0;
        }
    }

    /// <summary>The override reason in words: its display (ours, by code) and the user's comment.</summary>
    private static string? OverrideReason(CdsFeedbackItem item)
    {
        var display = item.OverrideReasonSystem == CardBuilder.OverrideReasonSystem
            ? CardBuilder.OverrideReasons.FirstOrDefault(r => r.Code == item.OverrideReasonCode).Display
            : item.OverrideReasonCode;
        var text = string.Join(": ", new[] { display, item.UserComment?.Trim() }.Where(t => !string.IsNullOrEmpty(t)));
        text = "CDS card overridden" + (text.Length > 0 ? $" ({text})" : "");
        return text.Length > FindingDecisions.MaxReasonLength ? text[..FindingDecisions.MaxReasonLength] : text;
    }
}
