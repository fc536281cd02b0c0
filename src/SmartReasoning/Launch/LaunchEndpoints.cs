namespace SmartReasoning.Launch;

/// <summary>
/// The launch's HTTP side: <c>GET /launch</c> (EHR launch with <c>iss</c> and <c>launch</c>; standalone with <c>iss</c>
/// alone or <c>config</c>), <c>GET /launch/callback</c> (then a redirect to the app, <c>Server/App</c>) and our public
/// keys at <c>GET /.well-known/jwks.json</c>. A failure is a page for the user and one problem-detail log line, neither
/// with a token, code or secret in it.
/// </summary>
public sealed class LaunchEndpoints(LaunchConfigCatalogue catalogue, LaunchFlow flow, AppSigningKeys keys, ILogger<LaunchEndpoints> log)
{
    public const string LaunchPath = "/launch";
    public const string CallbackPath = "/launch/callback";
    public const string AppPath = "/app";
    public const string JwksPath = "/.well-known/jwks.json";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(LaunchPath, (HttpContext context, LaunchEndpoints endpoints) => endpoints.LaunchAsync(context));
        app.MapGet(CallbackPath, (HttpContext context, LaunchEndpoints endpoints) => endpoints.CallbackAsync(context));
        app.MapGet(JwksPath, (HttpContext context, LaunchEndpoints endpoints) => endpoints.Jwks(context));
    }

    private async Task<IResult> LaunchAsync(HttpContext context)
    {
        NoStore(context);
        LaunchConfig? config = null;
        try
        {
            var query = context.Request.Query;
            var iss = Single(query, "iss");
            var name = Single(query, "config");
            var launch = Single(query, "launch");
            config = Resolve(iss, name, launch);
            var request = await flow.BeginAsync(config, iss ?? config.Issuer, launch, BrowserSession.Ensure(context), context.RequestAborted);
            return request.UsePost
                ? Results.Content(request.AutoSubmitPage(), "text/html; charset=utf-8")
                : Results.Redirect(request.Url);
        }
        catch (LaunchFailure failure)
        {
            return Fail(context, failure, config);
        }
    }

    /// <summary>The launch config for this request, found before anything is sent to <paramref name="iss"/>.</summary>
    private LaunchConfig Resolve(string? iss, string? name, string? launch)
    {
        static LaunchFailure Refused(string title, string detail) => new(LaunchStep.Configuration, title, detail, StatusCodes.Status400BadRequest);
        if (iss is null && name is null)
            throw Refused("SmartReasoning was opened without an EHR",
                launch is null ? "Launch SmartReasoning from the EHR, or open /launch?config=<name> for a configured server." : "The EHR launch has no iss (the EHR's FHIR base).");
        if (name is not null)
        {
            var named = catalogue.FindByName(name) ?? throw Refused("Unknown EHR", $"No launch config is named '{LaunchFailure.Quote(name, 80)}'.");
            if (iss is not null && catalogue.FindByIssuer(iss) != named)
                throw Refused("Unknown EHR", $"The iss {LaunchFailure.Quote(iss, 200)} is not the FHIR base of launch config '{named.Name}'.");
            return named;
        }
        if (!Uri.TryCreate(iss, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw Refused("Unknown EHR", $"The iss '{LaunchFailure.Quote(iss, 200)}' is not an absolute http(s) URL.");
        return catalogue.FindByIssuer(iss)
            ?? throw Refused("SmartReasoning is not set up for this EHR",
                $"The EHR at {LaunchFailure.Quote(iss, 200)} is not one of SmartReasoning's launch configs, so SmartReasoning did not contact it. An administrator can add it to launch-configs/.");
    }

    private async Task<IResult> CallbackAsync(HttpContext context)
    {
        NoStore(context);
        try
        {
            var session = await flow.CompleteAsync(BrowserSession.Read(context), CallbackParameters.From(context.Request.Query), context.RequestAborted);
            if (session.GrantedScopes.Order(StringComparer.Ordinal).SequenceEqual(session.RequestedScope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) is false)
                log.LogInformation("Launch with {Config}: the EHR granted '{Granted}' for '{Requested}'", session.Config.Name, session.GrantedScope, session.RequestedScope);
            return Results.Redirect($"{context.Request.PathBase}{AppPath}?launch={Uri.EscapeDataString(session.Key)}");
        }
        catch (LaunchFailure failure)
        {
            return Fail(context, failure, null);
        }
    }

    private IResult Jwks(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(keys.Jwks(catalogue.All).ToJsonString(), "application/jwk-set+json");
    }

    /// <summary>The page for the user and a problem-detail log line; the path goes in, never the query (it may hold a code).</summary>
    private IResult Fail(HttpContext context, LaunchFailure failure, LaunchConfig? config)
    {
        LogFailure(context, failure, config, log);
        return LaunchPages.Failure(failure);
    }

    /// <summary>The problem-detail log line of a launch failure (the app's pages log theirs the same way).</summary>
    internal static void LogFailure(HttpContext context, LaunchFailure failure, LaunchConfig? config, ILogger log)
    {
        var problem = Server.ProblemLog.Problem($"urn:smartreasoning:problem:launch:{failure.Step.ToString().ToLowerInvariant()}", failure.Title, failure.Status,
            failure.Message, $"{context.Request.PathBase}{context.Request.Path}",
            ("step", failure.Step.ToString()), ("traceId", context.TraceIdentifier), ("oauthError", failure.OAuthError), ("launchConfig", config?.Name));
        Server.ProblemLog.Write(log, failure.Status >= StatusCodes.Status500InternalServerError ? LogLevel.Error : LogLevel.Warning, "Launch failed", problem);
    }

    internal static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
    internal static string? Single(IQueryCollection query, string name) => query[name] is { Count: 1 } value && value[0] is { Length: > 0 } s ? s : null;
}
