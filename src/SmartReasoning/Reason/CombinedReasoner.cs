using System.Globalization;

namespace SmartReasoning.Reason;

/// <summary>
/// The default when a model is configured: the guideline reasoner and the model both run, and their findings are merged.
/// A model finding that reads a critical rule finding's evidence as less than critical is kept and flagged
/// (<see cref="Finding.Contradicts"/>); one already raised (same kind, shared evidence) is merged into the first; the rest
/// are added after the rules' findings, which keep their order. When the model fails, the guideline findings stand with the model's note saying why.
/// </summary>
public sealed class CombinedReasoner(IReasoner guidelines, IReasoner model) : IReasoner
{
    public async Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var modelTask = ModelAsync(request, ct);
        var ruleResult = await guidelines.ReasonAsync(request, ct);
        var modelResult = await modelTask;

        var merged = ruleResult.Findings.ToList();
        var notes = ruleResult.Notes.Concat(modelResult.Notes).ToList();
        int duplicates = 0, contradictions = 0;
        foreach (var finding in modelResult.Findings)
        {
            var contradicted = ruleResult.Findings.FirstOrDefault(rule => Contradicts(finding, rule));
            if (contradicted is not null)
            {
                contradictions++;
                merged.Add(finding with { Contradicts = contradicted.Title });
            }
            else if (merged.Any(kept => IsDuplicate(finding, kept)))
            {
                duplicates++;
            }
            else
            {
                merged.Add(finding);
            }
        }
        if (duplicates > 0)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{duplicates} model finding{(duplicates == 1 ? "" : "s")} repeated a guideline finding and {(duplicates == 1 ? "was" : "were")} merged into it."));
        if (contradictions > 0)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{contradictions} model finding{(contradictions == 1 ? "" : "s")} contradicted a critical guideline finding and {(contradictions == 1 ? "is" : "are")} flagged for review."));

        var info = new ReasonerInfo($"{ruleResult.Reasoner.Name}+{modelResult.Reasoner.Name}", $"{ruleResult.Reasoner.Version}+{modelResult.Reasoner.Version}");
        return new ReasoningResult(merged, info, modelResult.Usage, notes) { ModelOutcome = modelResult.ModelOutcome };
    }

    /// <summary>The model's answer; a model that throws (a defect, not a refusal it reports) leaves the rules' answer standing.</summary>
    private async Task<ReasoningResult> ModelAsync(ReasoningRequest request, CancellationToken ct)
    {
        try
        {
            return await model.ReasonAsync(request, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ReasoningResult([], new ReasonerInfo("model", "unknown"), null,
                [$"The model was not used: it failed ({e.GetType().Name}); the guideline findings are shown alone."]);
        }
    }

    /// <summary>Same kind about the same facts: nothing new for the clinician.</summary>
    private static bool IsDuplicate(Finding candidate, Finding kept) => candidate.Kind == kept.Kind && SharesEvidence(candidate, kept);

    /// <summary>Same kind about the same facts as a critical rule finding, but rated milder: a disagreement a clinician must see.</summary>
    private static bool Contradicts(Finding candidate, Finding rule) =>
        rule.Severity == Severity.Critical && candidate.Kind == rule.Kind && SharesEvidence(candidate, rule) && candidate.Severity < Severity.Critical;

    private static bool SharesEvidence(Finding a, Finding b) => a.Evidence.Any(reference => b.Evidence.Contains(reference, StringComparer.Ordinal));
}
