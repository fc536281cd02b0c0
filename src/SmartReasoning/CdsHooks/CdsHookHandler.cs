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
/// reason within the budget, build the cards and remember them for feedback. The computing runs in a place of
/// <see cref="CdsAdmission"/> (calls in arrival order, a few at a time); a fetch from the EHR and a model call run outside
/// it. A prefetch seen moments ago is not parsed and compiled again (<see cref="CdsContextCache"/>).
/// </summary>
public sealed class CdsHookHandler(
    CdsRecordSource records, RecordReasoner reasoner, CdsHooksOptions options, IFeedbackStore feedback, AllowedFhirServers allowed, CdsAdmission admission,
    CdsContextCache contexts, TimeProvider clock, ILogger<CdsHookHandler> log)
{
    public async Task<CdsHookOutcome> HandleAsync(CdsServiceDefinition service, ReadOnlyMemory<byte> body, CdsClient client, string publicBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.CdsHook);
        stage.Activity?.SetTag("cds.service", service.Id);
        List<IssuedCard> cards;
        CdsServiceRequest request;
        ReasoningResult result;
        var fetched = false;
        using (var slot = await admission.EnterAsync(cancellationToken))
        {
            var (read, problems) = CdsRequestReader.Read(service, body);
            if (read is null)
            {
                stage.Fail("invalid request");
                return new CdsHookOutcome(StatusCodes.Status400BadRequest, null, "The hook request is not valid", problems);
            }
            request = read;
            var trigger = ReasoningTrigger.ForHook(request.Hook, request.MedicationDrafts())!;

            PreparedReasoning prepared;
            var cacheKey = reasoner.UsesModel ? null : contexts.KeyOf(request);
            if (cacheKey is not null && contexts.TryGet(cacheKey, out var context))
            {
                prepared = new PreparedReasoning(new ReasoningRequest(context, trigger), null);
            }
            else
            {
                var prefetch = CdsRecordSource.ReadPrefetch(request);
                var record = prefetch.Record ?? await slot.OutsideAsync(() => records.FetchAsync(prefetch, request, client, cancellationToken), cancellationToken);
                if (record.Record is null)
                {
                    log.LogInformation("Hook {HookInstance} for {Service}: no data ({Failure})", request.HookInstance, service.Id, record.Failure);
                    stage.Fail("no data");
                    return new CdsHookOutcome(StatusCodes.Status412PreconditionFailed, null, "The data this service needs could not be obtained", [record.Failure!, .. record.Notes]);
                }
                fetched = record.Fetched;
                using (SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Compile)) prepared = reasoner.Prepare(record.Record, trigger, clock.GetUtcNow());
                if (cacheKey is not null && !fetched) contexts.Put(cacheKey, prepared.Request.Context);
            }

            if (prepared.ModelWithheld is not null) log.LogWarning("The de-identified record still held an identifier of the patient; the model was not asked");
            using (var reasoning = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Reason))
            {
                // The guideline reasoner alone answers in microseconds, in place; a model is waited for outside.
                result = reasoner.UsesModel
                    ? await slot.OutsideAsync(() => reasoner.ReasonAsync(prepared, cancellationToken, options.ReasoningBudget), cancellationToken)
                    : await reasoner.ReasonAsync(prepared, cancellationToken, options.ReasoningBudget);
                reasoning.Activity?.SetTag("reasoner", result.Reasoner.Name);
                reasoning.Activity?.SetTag("findings", result.Findings.Count);
            }
            var evidence = new EvidenceText(prepared.Request);
            // What accepting a card writes is remembered with it, only for an EHR we may write to (checked again at feedback).
            var writable = request.FhirServer is { } fhirServer && allowed.Allows(fhirServer, client) ? fhirServer : null;
            var asOf = prepared.Request.Context.AsOf;
            cards = [.. result.Findings.Select(f =>
            {
                var card = CardBuilder.Build(f, request, evidence, publicBaseUrl);
                return writable is null ? card : card with { Finding = CardFinding.For(f, result.Reasoner, request, writable, client.Issuer, asOf) };
            })];
        }
        await feedback.RecordCardsAsync(cards, cancellationToken);
        stage.Activity?.SetTag("cards", cards.Count);
        // Debug: at hundreds of calls a second, a line each would cost more than the call.
        log.LogDebug("Hook {HookInstance} for {Service}: {Cards} cards from {Reasoner}{Fetched}", request.HookInstance, service.Id, cards.Count,
            result.Reasoner.Name, fetched ? " (data fetched from the EHR)" : "");
        return new CdsHookOutcome(StatusCodes.Status200OK, new JsonObject
        {
            ["cards"] = new JsonArray([.. cards.Select(c => (JsonNode)c.Json)]),
            ["systemActions"] = new JsonArray(),
        }, null, []);
    }
}
