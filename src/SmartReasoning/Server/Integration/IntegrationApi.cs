using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack.Audit;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.Server.Integration;

/// <summary>
/// The integration API for a hospital's other systems, behind Entra ID bearer tokens (<see cref="IntegrationAuthentication"/>):
/// <c>GET /api/patients/{id}/findings?fhirBase=</c> (a review on request), <c>GET /api/feedback/rates</c>,
/// <c>GET /api/outbox</c> (state counts), <c>GET /api/audit?patient=&amp;since=&amp;until=&amp;limit=</c> (AuditEvents, newest
/// first). JSON, errors as problem details. Not configured, none of it is mapped: 404, never open.
/// </summary>
public static partial class IntegrationApi
{
    public const string Prefix = "/api";
    public const int DefaultAuditLimit = 100;
    public const int MaxAuditLimit = 1000;

    public static void Add(IServiceCollection services, IntegrationApiOptions? api)
    {
        if (api is null) return;
        services.AddSingleton(api);
        IntegrationAuthentication.Add(services, api);
        services.AddSingleton<PatientFindings>();
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<IntegrationApiOptions>() is null) return;
        // No default scheme (see IntegrationAuthentication): the policy names the scheme, so only /api authenticates.
        app.UseAuthorization();
        var api = app.MapGroup(Prefix).RequireAuthorization(IntegrationAuthentication.Policy);
        api.MapGet("/patients/{id}/findings", FindingsAsync);
        api.MapGet("/feedback/rates", async (IFeedbackStore feedback, HttpContext http) => Results.Json(FindingKindRates.ToJson(await feedback.RatesAsync(http.RequestAborted))));
        api.MapGet("/outbox", OutboxAsync);
        api.MapGet("/audit", AuditAsync);
    }

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();

    private static async Task<IResult> FindingsAsync(string id, string? fhirBase, PatientFindings findings, HttpContext http)
    {
        if (!FhirId().IsMatch(id)) return Problem(StatusCodes.Status400BadRequest, "Not a patient id", "the id must be a FHIR id (letters, digits, '-' and '.', at most 64)");
        if (string.IsNullOrWhiteSpace(fhirBase) || !Uri.TryCreate(fhirBase, UriKind.Absolute, out _))
            return Problem(StatusCodes.Status400BadRequest, "No FHIR server", "fhirBase must name the FHIR base URL of a configured launch config");
        var outcome = await findings.FindAsync(fhirBase, id, http.RequestAborted);
        if (outcome.Review is not { } review) return Problem(outcome.Status, outcome.Title!, outcome.Detail!);
        var json = ReasoningJson.ToJson(review.Reasoning, detailed: true);
        json["patient"] = $"Patient/{id}";
        json["resources"] = review.Record.Statistics.ResourceCount;
        json["partial"] = review.IsPartial;
        json["missing"] = new JsonArray([.. review.Record.Missing.Select(m => (JsonNode)new JsonObject { ["what"] = m.What, ["reason"] = m.Reason, ["status"] = m.HttpStatus })]);
        if (review.ModelNotUsed is { } notUsed) json["modelNotUsed"] = notUsed;
        json["stageMilliseconds"] = new JsonObject([.. review.StageTimes.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)Math.Round(t.Value.TotalMilliseconds, 1)))]);
        return Results.Json(json);
    }

    private static async Task<IResult> OutboxAsync(IOutboxStore outbox, HttpContext http)
    {
        var counts = await outbox.CountAsync(http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["pending"] = counts.Pending, ["delivering"] = counts.Delivering, ["delivered"] = counts.Delivered, ["failed"] = counts.Failed, ["total"] = counts.Total,
        });
    }

    /// <summary>The audit trail as a FHIR searchset Bundle of AuditEvents, newest first.</summary>
    private static async Task<IResult> AuditAsync(string? patient, string? since, string? until, string? limit, IAuditStore audit, HttpContext http)
    {
        List<string> errors = [];
        string? subject = null;
        if (!string.IsNullOrEmpty(patient))
        {
            var id = patient.StartsWith("Patient/", StringComparison.Ordinal) ? patient["Patient/".Length..] : patient;
            if (FhirId().IsMatch(id)) subject = $"Patient/{id}";
            else errors.Add("patient must be a FHIR id or Patient/id");
        }
        var from = Instant(since, "since", errors);
        var to = Instant(until, "until", errors);
        var count = DefaultAuditLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxAuditLimit))
            errors.Add($"limit must be a whole number from 1 to {MaxAuditLimit}");
        if (errors.Count > 0) return Problem(StatusCodes.Status400BadRequest, "The audit query is not valid", string.Join("; ", errors), errors);

        var events = await audit.QueryAsync(new AuditQuery(subject, from, to, count, NewestFirst: true), http.RequestAborted);
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = events.Count,
            ["entry"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
            {
                ["resource"] = JsonNode.Parse(FhirJsonSerializer.SerializeToString(e)),
                ["search"] = new JsonObject { ["mode"] = "match" },
            })]),
        };
        return Results.Text(bundle.ToJsonString(), "application/fhir+json");
    }

    /// <summary>An ISO 8601 date or date-time (a date alone is midnight UTC); null when absent; an error when unreadable.</summary>
    private static DateTimeOffset? Instant(string? text, string name, List<string> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        errors.Add($"{name} must be an ISO 8601 date or date-time");
        return null;
    }

    private static IResult Problem(int status, string title, string detail, IReadOnlyList<string>? errors = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });
}
