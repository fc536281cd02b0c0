using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks.Cards;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using SmartReasoning.Server;

namespace SmartReasoning.CdsHooks;

/// <summary>The outcome of one hook call: the response body, or a status with the problems to report.</summary>
public sealed record CdsHookOutcome(int Status, JsonObject? Response, string? Title, IReadOnlyList<string> Problems);

/// <summary>
/// One hook call from a trusted client, after the JWT: check the request, obtain the record (prefetch, else the EHR),
/// reason within the budget, build the cards and remember them for feedback.
/// </summary>
public sealed class CdsHookHandler(
    CdsRecordSource records, RecordReasoner reasoner, CdsHooksOptions options, IFeedbackStore feedback, AllowedFhirServers allowed, TimeProvider clock, ILogger<CdsHookHandler> log)
{
    public async Task<CdsHookOutcome> HandleAsync(CdsServiceDefinition service, byte[] body, CdsClient client, string publicBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.CdsHook);
        stage.Activity?.SetTag("cds.service", service.Id);
        var (request, problems) = CdsRequestReader.Read(service, body);
        if (request is null)
        {
            stage.Fail("invalid request");
            return new CdsHookOutcome(StatusCodes.Status400BadRequest, null, "The hook request is not valid", problems);
        }

        var record = await records.ObtainAsync(request, client, cancellationToken);
        if (record.Record is null)
        {
            log.LogInformation("Hook {HookInstance} for {Service}: no data ({Failure})", request.HookInstance, service.Id, record.Failure);
            stage.Fail("no data");
            return new CdsHookOutcome(StatusCodes.Status412PreconditionFailed, null, "The data this service needs could not be obtained", [record.Failure!, .. record.Notes]);
        }

        var trigger = ReasoningTrigger.ForHook(request.Hook, request.MedicationDrafts())!;
        PreparedReasoning prepared;
        using (SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Compile)) prepared = reasoner.Prepare(record.Record, trigger, clock.GetUtcNow());
        if (prepared.ModelWithheld is not null) log.LogWarning("The de-identified record still held an identifier of the patient; the model was not asked");
        ReasoningResult result;
        using (var reasoning = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Reason))
        {
            result = await reasoner.ReasonAsync(prepared, cancellationToken, options.ReasoningBudget);
            reasoning.Activity?.SetTag("reasoner", result.Reasoner.Name);
            reasoning.Activity?.SetTag("findings", result.Findings.Count);
        }
        var evidence = new EvidenceText(prepared.Request);
        // What accepting a card writes is remembered with it, only for an EHR we may write to (checked again at feedback).
        var writable = request.FhirServer is { } fhirServer && allowed.Allows(fhirServer, client) ? fhirServer : null;
        var cards = result.Findings.Select(f =>
        {
            var card = CardBuilder.Build(f, request, evidence, publicBaseUrl);
            return writable is null ? card : card with { Finding = CardFinding.For(f, result.Reasoner, request, writable, client.Issuer, prepared.Request.Context.AsOf) };
        }).ToList();
        await feedback.RecordCardsAsync(cards, cancellationToken);
        stage.Activity?.SetTag("cards", cards.Count);
        // Debug: at hundreds of calls a second, a line each would cost more than the call.
        log.LogDebug("Hook {HookInstance} for {Service}: {Cards} cards from {Reasoner}{Fetched}", request.HookInstance, service.Id, cards.Count,
            result.Reasoner.Name, record.Fetched ? " (data fetched from the EHR)" : "");
        return new CdsHookOutcome(StatusCodes.Status200OK, new JsonObject
        {
            ["cards"] = new JsonArray([.. cards.Select(c => (JsonNode)c.Json)]),
            ["systemActions"] = new JsonArray(),
        }, null, []);
    }
}
