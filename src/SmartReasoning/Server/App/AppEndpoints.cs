using System.Text.Json;
using System.Text.RegularExpressions;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Server.Review;

namespace SmartReasoning.Server.App;

/// <summary>
/// The launched app: <c>GET /app?launch=</c> (progress while the record is reviewed, then the review, or a page saying
/// what went wrong), <c>GET /app/status?launch=</c> (the progress as JSON, polled by the page), <c>POST /app/review?launch=</c>
/// (review again), <c>GET /app/resource/{type}/{id}?launch=</c> (a source resource read with the launch's token),
/// <c>GET /app/style.css?launch=</c> (the EHR's smart_style_url as CSS variables) and our own assets under
/// <c>/app/assets/</c>. Every failure page is also one problem-detail log line, without patient data or tokens.
/// </summary>
public sealed partial class AppEndpoints(
    LaunchSessions sessions, TokenRefresher refresher, AppReviews reviews, EhrStyle style,
    [FromKeyedServices(LaunchServices.HttpClientKey)] HttpClient http, ILogger<AppEndpoints> log)
{
    public const string AppPath = LaunchEndpoints.AppPath;
    public const string StatusPath = "/app/status";
    public const string ReviewAgainPath = "/app/review";
    public const string ResourcePath = "/app/resource";
    public const string StylePath = "/app/style.css";
    public const string AssetPath = "/app/assets/";

    /// <summary>How long the first request waits for a quick review before answering with the progress page.</summary>
    public static readonly TimeSpan QuickReview = TimeSpan.FromSeconds(1.5);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(AppPath, (HttpContext context, AppEndpoints endpoints) => endpoints.AppAsync(context));
        app.MapGet(StatusPath, (HttpContext context, AppEndpoints endpoints) => endpoints.Status(context));
        app.MapPost(ReviewAgainPath, (HttpContext context, AppEndpoints endpoints) => endpoints.ReviewAgainAsync(context));
        app.MapGet(ResourcePath + "/{type}/{id}", (string type, string id, HttpContext context, AppEndpoints endpoints) => endpoints.ResourceAsync(type, id, context));
        app.MapGet(StylePath, (HttpContext context, AppEndpoints endpoints) => endpoints.StyleAsync(context));
        app.MapGet(AssetPath + "{name}", (string name, HttpContext context) => Asset(name, context));
    }

    /// <summary><paramref name="path"/> with <c>?launch=</c> (or <c>&amp;launch=</c>) for the launch.</summary>
    public static string WithLaunch(string path, string launchKey) => $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}launch={Uri.EscapeDataString(launchKey)}";

    /// <summary>The link that opens a source resource (<c>Type/id</c>) of the launch's EHR.</summary>
    public static string ResourceLink(string reference, string launchKey) =>
        SplitReference(reference) is var (type, id) ? WithLaunch($"{ResourcePath}/{type}/{Uri.EscapeDataString(id)}", launchKey) : WithLaunch(AppPath, launchKey);

    private async Task<IResult> AppAsync(HttpContext context)
    {
        LaunchEndpoints.NoStore(context);
        var session = FindSession(context);
        if (session is null) return NotOpen(context);
        try
        {
            var run = reviews.Find(session.Key);
            // Every visit checks that the launch still reaches the EHR (a refresh when its token is about to run out).
            var access = await refresher.AccessAsync(session, context.RequestAborted);
            if (run is null)
            {
                (access, var patient) = await ReadPatientAsync(session, access, context.RequestAborted);
                run = reviews.Start(session, access, patient);
                await Task.WhenAny(run.Completion, Task.Delay(QuickReview, context.RequestAborted));
            }
            return Show(context, session, run);
        }
        catch (LaunchFailure failure)
        {
            return LaunchFailed(context, session, failure);
        }
    }

    private IResult Show(HttpContext context, LaunchSession session, ReviewRun run) => run.State switch
    {
        ReviewState.Done => AppPages.Review(session, run, run.Result!),
        ReviewState.Failed => FailurePage(session, AppFailurePage.For(run.Failure!), run.Failure!.Message),
        _ => AppPages.Progress(session, run),
    };

    private IResult Status(HttpContext context)
    {
        LaunchEndpoints.NoStore(context);
        var session = FindSession(context);
        if (session is null)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "No launch", detail: "This launch is not open in this browser.");
        if (reviews.Find(session.Key) is not { } run)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No review", detail: "No review has started for this launch; open the app page.");
        var progress = run.Progress;
        return Results.Json(new ReviewStatus(run.State.ToString().ToLowerInvariant(), progress.Stage, AppPages.StageName(progress.Stage), progress.Detail, progress.Resources));
    }

    private async Task<IResult> ReviewAgainAsync(HttpContext context)
    {
        LaunchEndpoints.NoStore(context);
        var session = FindSession(context);
        if (session is null) return NotOpen(context);
        try
        {
            if (reviews.Find(session.Key) is { State: ReviewState.Running })
                return Results.Redirect(WithLaunch(AppPath, session.Key), preserveMethod: false);
            var (access, patient) = await ReadPatientAsync(session, await refresher.AccessAsync(session, context.RequestAborted), context.RequestAborted);
            reviews.Start(session, access, patient, again: true);
            // 303: the browser follows with a GET, so a reload does not post again.
            context.Response.Headers.Location = WithLaunch(AppPath, session.Key);
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        catch (LaunchFailure failure)
        {
            return LaunchFailed(context, session, failure);
        }
    }

    private async Task<IResult> ResourceAsync(string type, string id, HttpContext context)
    {
        LaunchEndpoints.NoStore(context);
        var session = FindSession(context);
        if (session is null) return NotOpen(context);
        if (!ResourceType().IsMatch(type) || ModelInfo.FindType(type) is null || !ResourceId().IsMatch(id))
            return AppPages.Failure(session.Key, StatusCodes.Status400BadRequest, "bad-reference", "Not a resource reference", $"'{LaunchFailure.Quote(type, 40)}/{LaunchFailure.Quote(id, 70)}' is not a FHIR resource type and id.", "Go back to the review.");
        try
        {
            var access = await refresher.AccessAsync(session, context.RequestAborted);
            using var request = access.Request(HttpMethod.Get, $"{type}/{Uri.EscapeDataString(id)}");
            using var response = await http.SendAsync(request, context.RequestAborted);
            if (!response.IsSuccessStatusCode)
                return AppPages.Failure(session.Key, (int)response.StatusCode == 404 ? 404 : StatusCodes.Status502BadGateway, "resource", $"The EHR did not give {type}/{id}",
                    $"The FHIR server answered {(int)response.StatusCode}.", "Go back to the review.");
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            string pretty;
            try
            {
                using var json = JsonDocument.Parse(body);
                pretty = JsonSerializer.Serialize(json.RootElement, Indented);
            }
            catch (JsonException)
            {
                pretty = body;
            }
            return AppPages.Resource(session.Key, $"{type}/{id}", pretty);
        }
        catch (HttpRequestException)
        {
            return FailurePage(session, AppFailurePage.FhirUnreachable, $"The FHIR server could not be reached to read {type}/{id}.");
        }
        catch (LaunchFailure failure)
        {
            return LaunchFailed(context, session, failure);
        }
    }

    private async Task<IResult> StyleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var session = FindSession(context);
        var css = session is null ? "" : await style.CssAsync(session.Context.SmartStyleUrl, context.RequestAborted);
        return Results.Text(css, "text/css; charset=utf-8");
    }

    /// <summary>
    /// The patient in context, read with the launch's token: the banner's data, and proof the token works. A 401 gets one
    /// refresh and a second try; refused again, the session has ended.
    /// </summary>
    private async Task<(FhirAccess Access, Patient Patient)> ReadPatientAsync(LaunchSession session, FhirAccess access, CancellationToken cancellationToken)
    {
        try
        {
            return (access, await PatientRead.ReadAsync(http, access, cancellationToken));
        }
        catch (LaunchFailure failure) when (failure is { Step: LaunchStep.FhirRead, Status: StatusCodes.Status401Unauthorized })
        {
            access = await refresher.RefreshNowAsync(session, cancellationToken);
            try
            {
                return (access, await PatientRead.ReadAsync(http, access, cancellationToken));
            }
            catch (LaunchFailure again) when (again is { Step: LaunchStep.FhirRead, Status: StatusCodes.Status401Unauthorized })
            {
                session.EndedBecause = "The EHR no longer accepts this launch's access token (it expired or was revoked).";
                throw new LaunchFailure(LaunchStep.Refresh, AppFailurePage.SessionEnded.Title, $"{session.EndedBecause} Launch SmartReasoning again from the EHR.", StatusCodes.Status401Unauthorized);
            }
        }
    }

    private LaunchSession? FindSession(HttpContext context) => sessions.Find(LaunchEndpoints.Single(context.Request.Query, "launch"), BrowserSession.Read(context));

    private IResult NotOpen(HttpContext context)
    {
        var failure = new LaunchFailure(LaunchStep.Callback, "This launch is not open in this browser",
            "The launch has ended, or it was started in another browser. Launch SmartReasoning again from the EHR.", StatusCodes.Status401Unauthorized);
        LaunchEndpoints.LogFailure(context, failure, null, log);
        return AppPages.Failure(null, failure.Status, "launch", failure.Title, failure.Message, "Launch SmartReasoning again from the EHR.");
    }

    private IResult LaunchFailed(HttpContext context, LaunchSession session, LaunchFailure failure)
    {
        LaunchEndpoints.LogFailure(context, failure, session.Config, log);
        var page = AppFailurePage.For(failure);
        return AppPages.Failure(session.Key, page.Status, page.Kind, page.Title, failure.Message, page.Advice);
    }

    /// <summary>A review's failure page; the run already logged it.</summary>
    private static IResult FailurePage(LaunchSession session, AppFailurePage page, string detail) =>
        AppPages.Failure(session.Key, page.Status, page.Kind, page.Title, detail, page.Advice);

    private static IResult Asset(string name, HttpContext context)
    {
        if (name is not ("app.css" or "app.js")) return Results.NotFound();
        var stream = typeof(AppEndpoints).Assembly.GetManifestResourceStream($"app-assets/{name}");
        if (stream is null) return Results.NotFound();
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
    }

    private static (string Type, string Id)? SplitReference(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 && ResourceType().IsMatch(parts[0]) && ResourceId().IsMatch(parts[1]) ? (parts[0], parts[1]) : null;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[A-Z][A-Za-z]{1,63}$")]
    private static partial Regex ResourceType();

    [GeneratedRegex(@"^[A-Za-z0-9\-.]{1,64}$")]
    private static partial Regex ResourceId();

    private sealed record ReviewStatus(string State, string Stage, string StageName, string Detail, int Resources);
}
