namespace SmartReasoning.Launch;

/// <summary>
/// The app side of SMART App Launch 2.2, from a launch to a session with tokens: discovery, the authorize request
/// (state, PKCE, nonce kept server-side), and the callback (state consumed once, code exchanged, id_token checked,
/// launch context kept). The HTTP endpoints and the probe both drive it.
/// </summary>
public sealed class LaunchFlow(SmartDiscovery discovery, LaunchSessions sessions, TokenClient tokens, IdTokenValidator idTokens, TimeProvider clock)
{
    /// <summary>
    /// Starts a launch with <paramref name="config"/> (already matched to the <c>iss</c>, so it is safe to contact):
    /// <paramref name="fhirBase"/> is the <c>iss</c> as the EHR sent it, <paramref name="launch"/> null for a standalone launch.
    /// </summary>
    public async Task<AuthorizeRequest> BeginAsync(LaunchConfig config, string fhirBase, string? launch, string browserSession, CancellationToken cancellationToken)
    {
        tokens.EnsureCredentials(config);
        var server = await discovery.DiscoverAsync(config, cancellationToken);
        if (server.AuthorizationEndpoint is null)
            throw new LaunchFailure(LaunchStep.Discovery, "The EHR's sign-in service could not be found",
                $"Discovery for {config.Issuer} found no authorization_endpoint (it may offer backend services only).");
        var scope = AuthorizeRequest.ScopeFor(config, ehrLaunch: launch is not null);
        var pending = new PendingLaunch
        {
            State = RandomValue.New(),
            BrowserSession = browserSession,
            Config = config,
            Server = server,
            FhirBase = fhirBase,
            Pkce = PkceChallenge.New(), // S256 always, even when discovery does not advertise it
            Nonce = Scopes(scope).Contains("openid") ? RandomValue.New() : null,
            Launch = launch,
            RequestedScope = scope,
            RedirectUri = config.RedirectUri,
            ExpiresAt = clock.GetUtcNow() + LaunchSessions.PendingLifetime,
        };
        sessions.AddPending(pending);
        var parameters = AuthorizeRequest.BuildParameters(config, fhirBase, pending.RedirectUri, scope, pending.State, pending.Pkce, launch, pending.Nonce);
        return new AuthorizeRequest(server.AuthorizationEndpoint, parameters, server.Supports("authorize-post"));
    }

    /// <summary>
    /// Completes the launch the EHR's answer (<paramref name="callback"/>) belongs to; <paramref name="passed"/> hears
    /// each step that succeeded (the probe reports them). Throws <see cref="LaunchFailure"/> at the first step that fails.
    /// </summary>
    public async Task<LaunchSession> CompleteAsync(string? browserSession, CallbackParameters callback, CancellationToken cancellationToken, Action<LaunchStep>? passed = null)
    {
        var pending = sessions.TakePending(callback.State, browserSession);
        if (callback.Error is { } error)
            throw new LaunchFailure(LaunchStep.Authorize,
                error == "access_denied" ? "Access to the record was not allowed" : "The EHR did not let SmartReasoning sign in",
                $"The EHR answered {LaunchFailure.Quote(error, 60)}{(callback.ErrorDescription is { } d ? ": " + LaunchFailure.Quote(d) : "")}.",
                error == "access_denied" ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest, error);
        if (string.IsNullOrEmpty(callback.Code))
            throw new LaunchFailure(LaunchStep.Callback, "This sign-in cannot be completed", "The EHR's answer has neither a code nor an error.", StatusCodes.Status400BadRequest);
        passed?.Invoke(LaunchStep.Callback);

        var response = await tokens.ExchangeCodeAsync(pending, callback.Code, cancellationToken);
        passed?.Invoke(LaunchStep.TokenExchange);

        string? fhirUser = null;
        if (response.Tokens.IdToken is { } idToken)
        {
            fhirUser = await idTokens.ValidateAsync(idToken, pending.Server, pending.Config.ClientId, pending.Nonce, cancellationToken);
            passed?.Invoke(LaunchStep.IdToken);
        }

        var asked = Scopes(pending.RequestedScope);
        if ((asked.Contains("launch/patient") || asked.Contains("launch")) && response.Context.Patient is null)
            throw new LaunchFailure(LaunchStep.LaunchContext, "The EHR did not say which patient to open",
                $"SmartReasoning asked for {(asked.Contains("launch") ? "the EHR's launch context" : "launch/patient")}, but the token response names no patient.");
        passed?.Invoke(LaunchStep.LaunchContext);
        return sessions.Add(pending, response.Tokens, response.Context with { FhirUser = fhirUser });
    }

    private static HashSet<string> Scopes(string scope) => [.. scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>What the EHR sent back to the redirect URI: a code, or an error, with the state.</summary>
public sealed record CallbackParameters(string? Code, string? State, string? Error, string? ErrorDescription)
{
    public static CallbackParameters From(IQueryCollection query) =>
        new(Single(query, "code"), Single(query, "state"), Single(query, "error"), Single(query, "error_description"));

    public static CallbackParameters From(IReadOnlyDictionary<string, string> query) =>
        new(query.GetValueOrDefault("code"), query.GetValueOrDefault("state"), query.GetValueOrDefault("error"), query.GetValueOrDefault("error_description"));

    /// <summary>A parameter given once and not empty; a repeated one counts as absent (a tampered answer).</summary>
    private static string? Single(IQueryCollection query, string name) => query[name] is { Count: 1 } value && value[0] is { Length: > 0 } s ? s : null;

    public override string ToString() => $"callback ({(Error is null ? "code" : "error " + Error)})";
}
