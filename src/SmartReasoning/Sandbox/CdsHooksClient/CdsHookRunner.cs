using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>One hook fired by the chart page: every service that listens to it, and what went wrong before any was called.</summary>
public sealed record CdsHookRun(string Hook, string PatientId, string? EncounterId, IReadOnlyList<CdsServiceRun> Services, IReadOnlyList<string> Errors);

/// <summary>One service's part of a hook: the request sent, the result, the exchange id for decisions, the system actions applied.</summary>
public sealed record CdsServiceRun(CdsService Service, CdsRequest Request, CdsCallResult Result, string ExchangeId, SuggestionOutcome? SystemActions);

/// <summary>What a decision on a card did: the chart changes, the drafts removed, and the feedback sent.</summary>
public sealed record CardDecision(bool Succeeded, string Message, IReadOnlyList<string> DraftsRemoved, CdsFeedbackResult? Feedback);

/// <summary>
/// The sandbox EHR as a CDS client: discovers the configured services (and any the page adds), fires a hook at each
/// service listening to it with prefetch from the store, a short-lived access token and a signed JWT, applies system
/// actions, and later applies accepted suggestions and sends feedback.
/// </summary>
public sealed class CdsHookRunner(
    FhirResourceStore store, SearchIndexStore index, SandboxOptions options, AccessTokenService tokens, SigningKeys keys,
    CdsServiceClient client, CdsExchangeStore exchanges, TimeProvider clock)
{
    /// <summary>The client id of the tokens CDS services get in fhirAuthorization.</summary>
    public const string TokenClientId = "sandbox-ehr-cds";

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The signer for requests from the sandbox at <paramref name="root"/> (its JWKS at <c>/.well-known/jwks.json</c>).</summary>
    public CdsJwtSigner Signer(string root) =>
        new(keys.EcCredentials, root, new SandboxUrls(root).Jwks, CdsJwtSigner.SandboxClientId, clock);

    public async Task<CdsHookRun> RunAsync(string root, CdsHookContext context, PrefetchPlan plan, IEnumerable<string> extraDiscoveryUrls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var urls = options.CdsServices.Concat(extraDiscoveryUrls).Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var discoveries = await Task.WhenAll(urls.Select(u => client.DiscoverAsync(u, cancellationToken)));
        List<string> errors = [];
        foreach (var discovery in discoveries)
        {
            if (discovery.Error is not null) errors.Add($"CDS discovery at {discovery.Url}: {discovery.Error}");
            errors.AddRange(discovery.Problems.Select(p => $"CDS discovery at {discovery.Url}: {p}"));
        }
        var services = discoveries.SelectMany(d => d.Services).Where(s => s.Hook == context.Hook).ToList();
        var runs = await Task.WhenAll(services.Select(s => CallAsync(root, s, context, plan, cancellationToken)));
        return new CdsHookRun(context.Hook, context.PatientId, context.EncounterId, runs, errors);
    }

    private async Task<CdsServiceRun> CallAsync(string root, CdsService service, CdsHookContext context, PrefetchPlan plan, CancellationToken cancellationToken)
    {
        var fhirBase = new SandboxUrls(root).FhirBase;
        var grant = new AccessGrant
        {
            ClientId = TokenClientId,
            Scope = "patient/*.rs",
            Patient = context.PatientId,
            FhirUser = context.UserId,
            TokenId = Guid.NewGuid().ToString("N"),
            ExpiresAt = clock.GetUtcNow() + TokenLifetime,
        };
        var authorization = new FhirAuthorization(tokens.Issue(grant, root, fhirBase), (int)TokenLifetime.TotalSeconds, grant.Scope, service.Id, context.PatientId);
        var request = await CdsRequestBuilder.BuildAsync(service, context, plan, new StorePrefetchSource(store, index, fhirBase), fhirBase, authorization, cancellationToken);
        var result = await client.CallAsync(service, request.Body, Signer(root), cancellationToken);
        var drafts = context.DraftOrders is null ? [] : DraftOrders.References(context.DraftOrders);
        var exchangeId = exchanges.Keep(new CdsExchange(service, result.Response?.Cards ?? [], context.PatientId, drafts, clock.GetUtcNow()));
        SuggestionOutcome? systemActions = result.Response is { SystemActions.Count: > 0 } response
            ? SuggestionTransaction.Apply(response.SystemActions, store, fhirBase, drafts)
            : null;
        return new CdsServiceRun(service, request, result, exchangeId, systemActions);
    }

    /// <summary>Applies a suggestion's actions as one transaction, then tells the service (feedback accepted).</summary>
    public async Task<CardDecision> AcceptAsync(string root, string patientId, string exchangeId, int cardIndex, int suggestionIndex, CancellationToken cancellationToken)
    {
        if (exchanges.Find(exchangeId) is not { } exchange || exchange.PatientId != patientId) return Refused("this card is no longer known (older than an hour, or the sandbox restarted): fire the hook again");
        if (cardIndex < 0 || cardIndex >= exchange.Cards.Count) return Refused("no such card");
        var card = exchange.Cards[cardIndex];
        if (suggestionIndex < 0 || suggestionIndex >= card.Suggestions.Count) return Refused("no such suggestion");
        if (exchange.TryAccept(cardIndex, suggestionIndex) is { } refusal) return Refused(refusal);

        var suggestion = card.Suggestions[suggestionIndex];
        var outcome = SuggestionTransaction.Apply(suggestion.Actions, store, new SandboxUrls(root).FhirBase, exchange.DraftOrders);
        if (!outcome.Succeeded)
        {
            exchange.Undo(cardIndex, suggestionIndex);
            return Refused($"the suggestion was not applied: {outcome.Error}");
        }
        var message = $"Accepted \"{suggestion.Label}\": {CardHtml.Describe(outcome)}.";
        if (card.Uuid is null || suggestion.Uuid is null)
            return new CardDecision(true, message + " No feedback sent (the card or suggestion has no uuid).", outcome.DraftsRemoved, null);
        var feedback = await client.SendFeedbackAsync(exchange.Service, CdsFeedback.Accepted(card.Uuid, [suggestion.Uuid], clock.GetUtcNow()), Signer(root), cancellationToken);
        return new CardDecision(true, message + FeedbackNote(feedback), outcome.DraftsRemoved, feedback);
    }

    /// <summary>Dismisses a card and tells the service (feedback overridden, with the chosen reason and comment).</summary>
    public async Task<CardDecision> DismissAsync(string root, string patientId, string exchangeId, int cardIndex, int? reasonIndex, string? comment, CancellationToken cancellationToken)
    {
        if (exchanges.Find(exchangeId) is not { } exchange || exchange.PatientId != patientId) return Refused("this card is no longer known (older than an hour, or the sandbox restarted): fire the hook again");
        if (cardIndex < 0 || cardIndex >= exchange.Cards.Count) return Refused("no such card");
        var card = exchange.Cards[cardIndex];
        if (reasonIndex is { } r && (r < 0 || r >= card.OverrideReasons.Count)) return Refused("no such override reason");
        if (exchange.TryDismiss(cardIndex) is { } refusal) return Refused(refusal);
        var reason = reasonIndex is { } i ? card.OverrideReasons[i] : null;
        const string message = "Dismissed.";
        if (card.Uuid is null) return new CardDecision(true, message + " No feedback sent (the card has no uuid).", [], null);
        var feedback = await client.SendFeedbackAsync(exchange.Service, CdsFeedback.Overridden(card.Uuid, reason, comment, clock.GetUtcNow()), Signer(root), cancellationToken);
        return new CardDecision(true, message + FeedbackNote(feedback), [], feedback);
    }

    private static string FeedbackNote(CdsFeedbackResult feedback) =>
        feedback.Succeeded ? $" Feedback sent ({feedback.Status})." : $" Feedback failed: {feedback.Error}";

    private static CardDecision Refused(string message) => new(false, message, [], null);
}
