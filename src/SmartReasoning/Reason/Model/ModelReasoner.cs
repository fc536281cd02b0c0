using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartReasoning.Deidentify;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// The reasoner over the Foundry model (or any OpenAI-compatible endpoint). Reads only the request's de-identified
/// <see cref="ReasoningRequest.ForModel"/> and its draft orders (sent as DraftOrder/n), checks the whole request body for
/// the patient's identifiers before it leaves, and checks every answer (schema, bounds, evidence). It never throws for a
/// failure of the model: the result then has no findings, a note saying why the model was not used, and a
/// <see cref="ReasoningResult.ModelOutcome"/> the combined reasoner reads. Only the caller's cancellation propagates.
/// Logs outcomes, statuses, attempts and token counts; never keys, tokens or any text of the context or the answer.
/// </summary>
public sealed partial class ModelReasoner : IReasoner
{
    private readonly ModelOptions _options;
    private readonly ModelClient _client;
    private readonly ILogger _logger;

    public ModelReasoner(ModelOptions options, ILogger<ModelReasoner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = new ModelClient(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Info = new ReasonerInfo(options.Deployment, "unknown");
    }

    /// <summary>Who answers before the model has said which version it is.</summary>
    public ReasonerInfo Info { get; }

    /// <summary>What findings from this reasoner carry as their Reasoner.</summary>
    public string ReasonerName => "model:" + _options.Deployment;

    public async Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ct.ThrowIfCancellationRequested();
        if (request.ForModel is not { } context)
            return NotUsed(ModelOutcome.NotConfigured, "the request carries no de-identified context, so nothing may be sent");

        var prompt = ModelPrompt.Build(context, request.Trigger, _options.Deployment, _options.MaxOutputTokens);
        if (LeakOf(prompt, context) is { } leak) return NotUsed(ModelOutcome.Blocked, leak);

        var exchange = await _client.SendAsync(prompt.Body, ct).ConfigureAwait(false);
        var reply = ModelReply.Read(exchange);
        var info = new ReasonerInfo(_options.Deployment, reply.ModelVersion ?? Info.Version);
        if (reply.Outcome != ModelOutcome.Used || reply.Content is not { } content)
        {
            Log.NotUsed(_logger, _options.Deployment, reply.Outcome, exchange.Status, exchange.Attempts);
            return new ReasoningResult([], info, reply.Usage, [ModelOutcomeText.NotUsed(reply.Outcome, reply.Detail)]) { ModelOutcome = reply.Outcome };
        }

        var answered = FindingsAnswer.Parse(content, FindingsSchema.KindCodes(), out var error);
        if (answered is null)
        {
            Log.NotUsed(_logger, _options.Deployment, ModelOutcome.Malformed, exchange.Status, exchange.Attempts);
            return new ReasoningResult([], info, reply.Usage, [ModelOutcomeText.NotUsed(ModelOutcome.Malformed, error)]) { ModelOutcome = ModelOutcome.Malformed };
        }
        var (findings, notes) = new FindingsCheck(context, prompt.DraftOrderIds, ReasonerName).Apply(answered);
        Log.Used(_logger, _options.Deployment, info.Version, findings.Count, answered.Count - findings.Count, exchange.Attempts,
            reply.Usage?.InputTokens ?? 0, reply.Usage?.OutputTokens ?? 0);
        return new ReasoningResult(findings, info, reply.Usage, notes) { ModelOutcome = ModelOutcome.Used };
    }

    /// <summary>
    /// Why the request may not leave, or null. The guard of ModelContext.Build knows the ORIGINAL record's identifiers;
    /// it checked the rendering, and here it checks what was added since (draft orders, prompt) by reading the body as
    /// sent and every string in it unescaped (JSON escapes such as "\n" would hide a word at a line's start).
    /// </summary>
    private string? LeakOf(ModelPrompt prompt, ModelContext context)
    {
        if (context.Guard is not { } guard)
            return _options.RequireLeakCheck ? "the context carries no leak check, so the request could not be checked" : null;
        var kinds = guard.Scan(prompt.Body).Select(h => h.Kind).ToHashSet();
        using (var document = JsonDocument.Parse(prompt.Body))
            foreach (var text in Strings(document.RootElement))
                kinds.UnionWith(guard.Scan(text).Select(h => h.Kind));
        if (kinds.Count == 0) return null;
        Log.Blocked(_logger, _options.Deployment, string.Join(", ", kinds.Order()));
        return "found: " + string.Join(", ", kinds.Order());
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    foreach (var text in Strings(item)) yield return text;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    foreach (var text in Strings(property.Value)) yield return text;
                break;
        }
    }

    private ReasoningResult NotUsed(ModelOutcome outcome, string detail)
    {
        Log.NotUsed(_logger, _options.Deployment, outcome, 0, 0);
        return new ReasoningResult([], Info, null, [ModelOutcomeText.NotUsed(outcome, detail)]) { ModelOutcome = outcome };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information,
            Message = "Model {Deployment} ({Version}) answered: {Kept} findings kept, {Dropped} dropped, {Attempts} attempts, {InputTokens} input and {OutputTokens} output tokens")]
        public static partial void Used(ILogger logger, string deployment, string version, int kept, int dropped, int attempts, int inputTokens, int outputTokens);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Model {Deployment} not used: {Outcome} (HTTP {Status}, {Attempts} attempts)")]
        public static partial void NotUsed(ILogger logger, string deployment, ModelOutcome outcome, int status, int attempts);

        [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "Model {Deployment}: request not sent, it holds identifiers of the patient ({Kinds})")]
        public static partial void Blocked(ILogger logger, string deployment, string kinds);
    }
}
