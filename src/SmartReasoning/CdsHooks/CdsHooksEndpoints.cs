using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.CdsHooks.Trust;

namespace SmartReasoning.CdsHooks;

/// <summary>
/// The CDS Hooks endpoints: <c>GET /cds-services</c> (discovery, public: it holds no patient data and EHRs read it
/// without a JWT), <c>POST /cds-services/{id}</c>, <c>POST /cds-services/{id}/feedback</c> and
/// <c>GET /cds-services/feedback/summary</c> (accept and override rates per finding kind). Every call but discovery
/// needs a trusted client's JWT; a refusal is a bare 401. CORS preflight is answered before any of this.
/// </summary>
public sealed class CdsHooksEndpoints(
    CdsHooksOptions options, CdsJwtValidator validator, CdsHookHandler handler, IFeedbackStore feedback, CardWriteBack writeBack, ILogger<CdsHooksEndpoints> log)
{
    public const string DiscoveryPath = "/cds-services";
    public const string SummaryPath = "/cds-services/feedback/summary";

    /// <summary>The largest hook request read (prefetch can be large, but not this large).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<CdsCors>();
        app.MapGet(DiscoveryPath, () => Results.Json(CdsServiceCatalogue.Discovery()));
        app.MapGet(SummaryPath, (HttpContext http, CdsHooksEndpoints endpoints) => endpoints.SummaryAsync(http));
        app.MapPost(DiscoveryPath + "/{id}", (string id, HttpContext http, CdsHooksEndpoints endpoints) => endpoints.HookAsync(id, http));
        app.MapPost(DiscoveryPath + "/{id}/feedback", (string id, HttpContext http, CdsHooksEndpoints endpoints) => endpoints.FeedbackAsync(id, http));
    }

    private async Task<IResult> HookAsync(string id, HttpContext http)
    {
        var caller = await AuthenticateAsync(http);
        if (!caller.IsTrusted) return Unauthorized(http);
        if (CdsServiceCatalogue.Find(id) is not { } service) return NotFound(http, id);
        if (await ReadBodyAsync(http) is not { } body) return Problem(StatusCodes.Status413PayloadTooLarge, "The request is too large", [$"at most {MaxBodyBytes} bytes are read"]);
        var outcome = await handler.HandleAsync(service, body, caller.Client!, PublicBase(http), http.RequestAborted);
        return outcome.Response is { } response ? Results.Json(response) : Problem(outcome.Status, outcome.Title!, outcome.Problems);
    }

    private async Task<IResult> FeedbackAsync(string id, HttpContext http)
    {
        var caller = await AuthenticateAsync(http);
        if (!caller.IsTrusted) return Unauthorized(http);
        if (CdsServiceCatalogue.Find(id) is not { } service) return NotFound(http, id);
        if (await ReadBodyAsync(http) is not { } body) return Problem(StatusCodes.Status413PayloadTooLarge, "The request is too large", [$"at most {MaxBodyBytes} bytes are read"]);
        var (items, problems) = CdsFeedbackReader.Read(body.Span);
        if (problems.Count > 0) return Problem(StatusCodes.Status400BadRequest, "The feedback is not valid", problems);
        var written = await feedback.RecordFeedbackAsync(service.Id, items, http.RequestAborted);
        // Accepting a card writes its finding into the chart; overriding an accepted one withdraws it.
        await writeBack.ApplyAsync(items, caller.Client!, http.RequestAborted);
        return Results.Json(new JsonObject { ["stored"] = written.Stored, ["duplicates"] = written.Duplicates });
    }

    private async Task<IResult> SummaryAsync(HttpContext http)
    {
        var caller = await AuthenticateAsync(http);
        if (!caller.IsTrusted) return Unauthorized(http);
        return Results.Json(FindingKindRates.ToJson(await feedback.RatesAsync(http.RequestAborted)));
    }

    private async Task<CdsCaller> AuthenticateAsync(HttpContext http)
    {
        var audience = PublicBase(http) + http.Request.Path;
        var caller = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, audience, http.RequestAborted);
        // The reason is ours to read; the caller learns nothing, and the token itself is never logged.
        if (!caller.IsTrusted) log.LogWarning("CDS Hooks call to {Path} refused: {Reason}", http.Request.Path.Value, caller.Refusal);
        return caller;
    }

    /// <summary>This service's public base: configured (behind a proxy), else as the request reached us.</summary>
    private string PublicBase(HttpContext http) =>
        options.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>
    /// The request body in one array, or null when it is larger than <see cref="MaxBodyBytes"/>. With a Content-Length
    /// (what EHRs send) the array is allocated once at its size and read into directly: no growing buffer and no copy,
    /// which for a prefetch of hundreds of kilobytes were several large-object-heap arrays per call.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http)
    {
        var declared = http.Request.ContentLength;
        if (declared > MaxBodyBytes) return null;
        if (declared is { } length)
        {
            var body = GC.AllocateUninitializedArray<byte>((int)length);
            var filled = 0;
            int read;
            while (filled < body.Length && (read = await http.Request.Body.ReadAsync(body.AsMemory(filled), http.RequestAborted)) > 0) filled += read;
            return body.AsMemory(0, filled); // Kestrel ends the body at Content-Length: no more can follow
        }
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            var read = await http.Request.Body.ReadAsync(buffer.GetMemory(64 * 1024), http.RequestAborted);
            if (read == 0) return buffer.WrittenMemory;
            if (buffer.WrittenCount + read > MaxBodyBytes) return null;
            buffer.Advance(read);
        }
    }

    /// <summary>A bare 401: no body (not even the status-code page's), only the challenge.</summary>
    private static IResult Unauthorized(HttpContext http)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private static IResult NotFound(HttpContext http, string id) =>
        Problem(StatusCodes.Status404NotFound, "No such CDS service", [$"'{id}' is not a service of {DiscoveryPath}"]);

    private static IResult Problem(int status, string title, IReadOnlyList<string> problems) =>
        Results.Problem(statusCode: status, title: title, detail: string.Join("; ", problems),
            extensions: new Dictionary<string, object?> { ["errors"] = problems });
}
