using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// The sandbox EHR's web pages: the patient list (<c>GET /</c>), the chart (<c>GET /chart/{id}</c>), the EHR launch
/// (<c>GET /chart/{id}/launch</c>), and the endpoints the chart's script calls: <c>POST /chart/{id}/cds/{hook}</c>
/// (patient-view, order-select, order-sign; answers the rendered cards as HTML), <c>POST /chart/{id}/cds/accept</c>
/// and <c>POST /chart/{id}/cds/dismiss</c> (answer <c>{succeeded, message, draftsRemoved}</c>). Assets under <c>/assets/</c>.
/// </summary>
internal static partial class ChartEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxExtraServices = 5;
    private static readonly string[] Hooks = [CdsHookContext.PatientView, CdsHookContext.OrderSelect, CdsHookContext.OrderSign];

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(_ => new CdsServiceClient());
        services.AddSingleton<CdsExchangeStore>();
        services.AddSingleton<CdsHookRunner>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, FhirResourceStore store) => PatientListPage.Render(http, store));
        app.MapGet("/chart/{patientId}", Chart);
        app.MapGet("/chart/{patientId}/launch", AppLaunch.Launch);
        app.MapPost("/chart/{patientId}/cds/accept", Accept);
        app.MapPost("/chart/{patientId}/cds/dismiss", Dismiss);
        app.MapPost("/chart/{patientId}/cds/{hook}", Hook);
        app.MapGet("/assets/chart.js", () => Asset(ChartAssets.Script, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/chart.css", () => Asset(ChartAssets.Style, "text/css; charset=utf-8"));
        app.MapGet("/assets/smart-style.json", (HttpContext http) =>
        {
            // Apps on other origins read the style document.
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return Asset(ChartAssets.SmartStyle, "application/json");
        });
    }

    private static IResult Chart(string patientId, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (PatientChart.Read(store, index, patientId) is not { } chart)
            return AppLaunch.Problem(StatusCodes.Status404NotFound, "Unknown patient", $"There is no patient '{patientId}' in the sandbox.");
        return ChartPage.Render(chart, SignedInClinician.For(store, patientId), options, Root(http));
    }

    private static async Task<IResult> Hook(string patientId, string hook, HttpContext http, FhirResourceStore store, CdsHookRunner runner, TimeProvider clock)
    {
        if (!Hooks.Contains(hook, StringComparer.Ordinal))
            return AppLaunch.Problem(StatusCodes.Status404NotFound, "Unknown hook", $"The chart fires {string.Join(", ", Hooks)}; not '{hook}'.");
        if (store.Read("Patient", patientId) is not { IsDeleted: false })
            return AppLaunch.Problem(StatusCodes.Status404NotFound, "Unknown patient", $"There is no patient '{patientId}' in the sandbox.");
        var (body, error) = await ReadJsonAsync(http);
        if (body is null) return error!;

        var encounterId = Text(body, "encounterId");
        if (encounterId is not null && !AppLaunch.BelongsTo(store, encounterId, patientId))
            return BadRequest("Invalid encounterId", $"Encounter '{encounterId}' is not an encounter of this patient.");
        if (PrefetchPlan.ParseMode(Text(body, "prefetch")) is not { } mode)
            return BadRequest("Invalid prefetch", "prefetch must be normal, omit, null or outcome.");
        var keys = Strings(body, "prefetchKeys");
        var services = Strings(body, "services");
        if (services.Count > MaxExtraServices) return BadRequest("Too many services", $"At most {MaxExtraServices} services may be added.");
        if (services.FirstOrDefault(s => !CdsResponseReader.IsHttpUrl(s)) is { } badService)
            return BadRequest("Invalid service", $"'{badService}' is not an absolute http(s) discovery URL.");

        var user = SignedInClinician.For(store, patientId);
        var context = new CdsHookContext { Hook = hook, UserId = user.Reference, PatientId = patientId, EncounterId = encounterId };
        if (hook != CdsHookContext.PatientView)
        {
            if (body["order"] is not JsonObject order) return BadRequest("No order", $"{hook} needs the order: {{drug, dose, draftId}}.");
            if (OrderCatalog.Find(Text(order, "drug")) is not { } drug)
                return BadRequest("Unknown drug", $"'{Text(order, "drug")}' is not an RxNorm code of the order list.");
            var draftId = Text(order, "draftId");
            if (draftId is null || !DraftIdPattern().IsMatch(draftId)) return BadRequest("Invalid draftId", "draftId must be a FHIR id (letters, digits, '-' and '.', at most 64).");
            var dose = Text(order, "dose");
            if (dose is { Length: > 500 }) return BadRequest("Invalid dose", "The dose text is longer than 500 characters.");
            var draft = DraftOrders.MedicationRequest(draftId, patientId, encounterId, user.Reference, drug.RxNormCode, drug.Display, dose, clock.GetUtcNow());
            context = context with
            {
                DraftOrders = DraftOrders.Bundle([draft]),
                Selections = hook == CdsHookContext.OrderSelect ? [$"MedicationRequest/{draftId}"] : [],
            };
        }
        var run = await runner.RunAsync(Root(http), context, new PrefetchPlan(mode, keys), services, http.RequestAborted);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Content(CardHtml.Render(run), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Accept(string patientId, HttpContext http, CdsHookRunner runner)
    {
        var (body, error) = await ReadJsonAsync(http);
        if (body is null) return error!;
        if (Text(body, "exchange") is not { } exchange || Integer(body, "card") is not { } card || Integer(body, "suggestion") is not { } suggestion)
            return BadRequest("Invalid decision", "accept needs {exchange, card, suggestion}.");
        return Decision(await runner.AcceptAsync(Root(http), patientId, exchange, card, suggestion, http.RequestAborted));
    }

    private static async Task<IResult> Dismiss(string patientId, HttpContext http, CdsHookRunner runner)
    {
        var (body, error) = await ReadJsonAsync(http);
        if (body is null) return error!;
        if (Text(body, "exchange") is not { } exchange || Integer(body, "card") is not { } card)
            return BadRequest("Invalid decision", "dismiss needs {exchange, card, reason?, comment?}.");
        var comment = Text(body, "comment");
        if (comment is { Length: > 500 }) return BadRequest("Invalid comment", "The comment is longer than 500 characters.");
        return Decision(await runner.DismissAsync(Root(http), patientId, exchange, card, Integer(body, "reason"), comment, http.RequestAborted));
    }

    private static IResult Decision(CardDecision decision) => Results.Json(
        new JsonObject
        {
            ["succeeded"] = decision.Succeeded,
            ["message"] = decision.Message,
            ["draftsRemoved"] = new JsonArray([.. decision.DraftsRemoved.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["feedbackStatus"] = decision.Feedback?.Status,
        },
        statusCode: decision.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);

    /// <summary>
    /// The JSON object of a POST from the page. application/json is required: a cross-site form cannot send it
    /// without a CORS preflight, which the sandbox does not grant.
    /// </summary>
    private static async Task<(JsonObject? Body, IResult? Error)> ReadJsonAsync(HttpContext http)
    {
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
            return (null, AppLaunch.Problem(StatusCodes.Status415UnsupportedMediaType, "JSON expected", "Send the request as application/json."));
        if (http.Request.ContentLength > MaxBodyBytes)
            return (null, AppLaunch.Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body may be at most {MaxBodyBytes} bytes."));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, AppLaunch.Problem(StatusCodes.Status413PayloadTooLarge, "Too large", $"The body may be at most {MaxBodyBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body ? (body, null) : (null, BadRequest("Invalid JSON", "The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, BadRequest("Invalid JSON", ex.Message));
        }
    }

    private static string Root(HttpContext http) => SandboxUrls.Of(http).Root;

    private static IResult BadRequest(string title, string detail) => AppLaunch.Problem(StatusCodes.Status400BadRequest, title, detail);

    private static IResult Asset(string content, string contentType) => Results.Text(content, contentType);

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim().Length > 0 ? text.Trim() : null;

    private static int? Integer(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static List<string> Strings(JsonObject node, string name) =>
        node[name] is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s.Trim() : null).OfType<string>().Where(s => s.Length > 0)] : [];

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex DraftIdPattern();
}
