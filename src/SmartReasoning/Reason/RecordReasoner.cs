using Microsoft.Extensions.Logging;
using SmartReasoning.Compile;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason.Model;

namespace SmartReasoning.Reason;

/// <summary>A request ready to reason over, and why the model may not read it (its de-identified context still held an identifier).</summary>
public sealed record PreparedReasoning(ReasoningRequest Request, string? ModelWithheld);

/// <summary>
/// Reasons over one patient's record with the reasoner this deployment is configured for: the guideline reasoner alone
/// (no model configured: a fresh machine), or another reasoner (combined with the model), which then gets the
/// de-identified context too. The one entry point of the command line, the CDS Hooks service and the app.
/// </summary>
public sealed class RecordReasoner
{
    /// <summary>guidelines, or combined (the default when a model endpoint is configured).</summary>
    public const string ModeVariable = "SMARTREASONING_REASONER";

    private readonly IReasoner _reasoner;
    private readonly Deidentifier? _deidentifier;

    /// <summary>The guideline reasoner alone.</summary>
    public RecordReasoner() : this(new GuidelineReasoner(), null)
    {
    }

    /// <summary>
    /// <paramref name="reasoner"/> over requests that carry the context de-identified by <paramref name="deidentifier"/>
    /// when it is given (a model reads it), or only the compiled one when it is null. One deidentifier per process keeps
    /// date shifts and hashed ids stable while it runs.
    /// </summary>
    public RecordReasoner(IReasoner reasoner, Deidentifier? deidentifier)
    {
        _reasoner = reasoner ?? throw new ArgumentNullException(nameof(reasoner));
        _deidentifier = deidentifier;
    }

    /// <summary>True when a model takes part (and so the de-identified context is built).</summary>
    public bool UsesModel => _deidentifier is not null;

    /// <summary>
    /// The reasoner from the environment: <see cref="ModelOptions.FromEnvironment"/> for the model, <see cref="ModeVariable"/>
    /// to keep the guideline reasoner alone even so.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration is incomplete or names an unknown mode (the message names variables, never values).</exception>
    public static RecordReasoner FromEnvironment(Func<string, string?> env, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        var model = ModelOptions.FromEnvironment(env);
        var mode = env(ModeVariable)?.Trim().ToLowerInvariant() ?? (model is null ? "guidelines" : "combined");
        return mode switch
        {
            "guidelines" => new RecordReasoner(),
            "combined" when model is not null => new RecordReasoner(
                new CombinedReasoner(new GuidelineReasoner(), new ModelReasoner(model, loggers?.CreateLogger<ModelReasoner>())), new Deidentifier()),
            "combined" => throw new InvalidOperationException($"{ModeVariable}=combined needs a model: set {ModelOptions.EndpointVariable} and {ModelOptions.DeploymentVariable}."),
            _ => throw new InvalidOperationException($"{ModeVariable} must be guidelines or combined."),
        };
    }

    /// <summary>
    /// The request for <paramref name="record"/> as of <paramref name="asOf"/> (default now): compiled, and de-identified
    /// when a model takes part. When the de-identified rendering still holds an identifier of the patient, the request
    /// carries none and says why, so nothing is sent. <paramref name="missing"/> (a partial pull) goes into the context.
    /// </summary>
    public PreparedReasoning Prepare(Bundle record, ReasoningTrigger trigger, DateTimeOffset? asOf, IReadOnlyList<MissingData>? missing = null)
    {
        if (_deidentifier is null) return new PreparedReasoning(ReasoningRequest.ForRecord(record, trigger, asOf, missing: missing), null);
        try
        {
            return new PreparedReasoning(ReasoningRequest.ForRecord(record, trigger, asOf, _deidentifier, missing), null);
        }
        catch (IdentifierLeakException leak)
        {
            return new PreparedReasoning(ReasoningRequest.ForRecord(record, trigger, asOf, missing: missing), leak.Message);
        }
    }

    /// <summary>The findings on <paramref name="record"/>: <see cref="Prepare"/>, then reason.</summary>
    public Task<ReasoningResult> ReasonAsync(Bundle record, ReasoningTrigger trigger, DateTimeOffset? asOf, CancellationToken ct, TimeSpan? budget = null) =>
        ReasonAsync(Prepare(record, trigger, asOf), ct, budget);

    /// <summary>
    /// The findings of the configured reasoner, or the guideline reasoner's alone (with a note) when the model may not
    /// read the record, or when the reasoner fails or takes longer than <paramref name="budget"/> (the guideline rules
    /// take microseconds; a CDS Hooks answer is due in about 500 ms). The abandoned call is cancelled.
    /// </summary>
    public async Task<ReasoningResult> ReasonAsync(PreparedReasoning prepared, CancellationToken ct, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var request = prepared.Request;
        if (prepared.ModelWithheld is { } why) return Alone(request, $"The model was not used: {why}", ModelOutcome.Blocked);
        if (_reasoner is GuidelineReasoner) return GuidelineReasoner.Reason(request);
        if (budget is not { } limit) return await _reasoner.ReasonAsync(request, ct).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        var reasoning = Task.Run(() => _reasoner.ReasonAsync(request, deadline.Token), CancellationToken.None);
        var finished = await Task.WhenAny(reasoning, Task.Delay(limit, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (finished == reasoning && reasoning.IsCompletedSuccessfully) return reasoning.Result;

        // Observe the abandoned call's failure, so it is not an unobserved task exception.
        _ = reasoning.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        // The deadline cancels the reasoner as the budget runs out, so a reasoner that honours it can finish (cancelled)
        // before the budget's own timer: that is a timeout too, not a failure.
        return finished == reasoning && !deadline.IsCancellationRequested
            ? Alone(request, "The reasoner failed; the guideline findings are shown.", ModelOutcome.Unreachable)
            : Alone(request, $"The reasoner did not answer within {limit.TotalMilliseconds:0} ms; the guideline findings are shown.", ModelOutcome.Timeout);
    }

    private static ReasoningResult Alone(ReasoningRequest request, string note, ModelOutcome outcome)
    {
        var alone = GuidelineReasoner.Reason(request);
        return alone with { Notes = [.. alone.Notes, note], ModelOutcome = outcome };
    }
}
