using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks;

/// <summary>
/// Runs the configured reasoner within the hook's time budget. When it is slow or fails, the guideline reasoner's
/// findings are answered instead (they take microseconds), with a note; the slow call is cancelled.
/// </summary>
public sealed class BudgetedReasoning(IReasoner reasoner, TimeSpan budget)
{
    /// <summary>Whether the reasoner may call out of the process (a model), so it needs the de-identified context.</summary>
    public bool UsesModel => reasoner is not GuidelineReasoner;

    /// <summary>The findings; <paramref name="guidelinesOnly"/> skips the configured reasoner (its input could not be made safe).</summary>
    public async Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken cancellationToken, bool guidelinesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!UsesModel || guidelinesOnly) return GuidelineReasoner.Reason(request);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(budget);
        var reasoning = Task.Run(() => reasoner.ReasonAsync(request, limit.Token), CancellationToken.None);
        var finished = await Task.WhenAny(reasoning, Task.Delay(budget, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished == reasoning && reasoning.IsCompletedSuccessfully) return reasoning.Result;

        // Observe the abandoned call's failure, so it is not an unobserved task exception.
        _ = reasoning.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var why = finished == reasoning ? "failed" : $"did not answer within {budget.TotalMilliseconds:0} ms";
        var fallback = GuidelineReasoner.Reason(request);
        return fallback with { Notes = [.. fallback.Notes, $"The reasoner {why}; the guideline findings are shown."] };
    }
}
