using Microsoft.Extensions.Logging;
using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason.Model;

namespace SmartReasoning.Reason;

/// <summary>
/// Reasons over one patient's record with the reasoner this deployment is configured for: the guideline reasoner alone
/// (no model configured: a fresh machine), or combined with the model, which then reads only the de-identified context.
/// The one entry point of the command line, the CDS Hooks service and the app.
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
    /// when it is given (a model reads it), or only the compiled one when it is null.
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
    /// The findings on <paramref name="record"/> as of <paramref name="asOf"/> (default now). When the de-identified
    /// rendering still holds an identifier of the patient, nothing is sent: the guideline reasoner answers alone, with a note.
    /// </summary>
    public async Task<ReasoningResult> ReasonAsync(Bundle record, ReasoningTrigger trigger, DateTimeOffset? asOf, CancellationToken ct)
    {
        ReasoningRequest request;
        try
        {
            request = ReasoningRequest.ForRecord(record, trigger, asOf, _deidentifier);
        }
        catch (IdentifierLeakException leak)
        {
            var alone = GuidelineReasoner.Reason(ReasoningRequest.ForRecord(record, trigger, asOf));
            return alone with { Notes = [.. alone.Notes, $"The model was not used: {leak.Message}"], ModelOutcome = ModelOutcome.Blocked };
        }
        return await _reasoner.ReasonAsync(request, ct).ConfigureAwait(false);
    }
}
