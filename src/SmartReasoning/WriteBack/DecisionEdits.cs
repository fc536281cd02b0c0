using SmartReasoning.Fhir.Model;
using static SmartReasoning.WriteBack.AiTransparencyCodes;

namespace SmartReasoning.WriteBack;

/// <summary>
/// What a decision changes, per fhir-profiles/: accepting makes the Observation <c>final</c> and adds the clinician to
/// its Provenance as a <c>verifier</c> agent; rejecting makes it <c>entered-in-error</c> (the profile's status for a
/// withdrawn finding; <c>cancelled</c> is not one a finding may take) with the reason in a note by the clinician.
/// Applying a decision twice changes nothing the second time.
/// </summary>
public sealed class DecisionEdits(FindingDecision decision)
{
    /// <summary>Why the decision cannot apply to this Observation; null when it can.</summary>
    public string? Refusal(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return decision.Verdict == Verdict.Accept && observation.Status?.Enum == ObservationStatus.EnteredInError
            ? "the finding was withdrawn (entered-in-error) and cannot be accepted"
            : null;
    }

    /// <returns>Whether the Observation changed.</returns>
    public bool Apply(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var status = decision.Verdict == Verdict.Accept ? ObservationStatus.Final : ObservationStatus.EnteredInError;
        if (observation.Status?.Enum == status) return false;
        observation.Status = status;
        if (decision.Verdict == Verdict.Reject)
        {
            observation.Note.Add(new Annotation
            {
                Author = Reference(decision.User),
                Time = new FhirDateTime { Value = FindingResources.DateTimeText(decision.DecidedAt) },
                Text = new Markdown { Value = "Rejected by the clinician" + (string.IsNullOrWhiteSpace(decision.Reason) ? "." : ": " + decision.Reason.Trim()) },
            });
        }
        return true;
    }

    /// <returns>Whether the Provenance changed (a verifier added on acceptance).</returns>
    public bool Apply(Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        if (decision.Verdict != Verdict.Accept) return false;
        if (provenance.Agent.Any(a => a.Who?.ReferenceValue?.Value == decision.User && a.Type?.Coding.Any(c => c.Code?.Value == "verifier") == true)) return false;
        provenance.Agent.Add(new Provenance.AgentComponent { Type = Verifier(), Who = Reference(decision.User) });
        return true;
    }
}
