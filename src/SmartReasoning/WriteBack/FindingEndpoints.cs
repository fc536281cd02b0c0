using SmartReasoning.Launch;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack;

/// <summary>
/// The app's decision endpoints: <c>POST /findings/{fingerprint}/accept?launch={key}</c> and
/// <c>POST /findings/{fingerprint}/reject?launch={key}</c> (a <c>reason</c> form field). The launch must belong to the
/// browser's session and name its user (fhirUser); the decision is queued with the user's authority and answered 202.
/// </summary>
public sealed class FindingEndpoints(LaunchSessions sessions, FindingDecisions decisions)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/findings/{fingerprint}/accept", (string fingerprint, HttpContext http, FindingEndpoints endpoints) => endpoints.DecideAsync(fingerprint, Verdict.Accept, http));
        app.MapPost("/findings/{fingerprint}/reject", (string fingerprint, HttpContext http, FindingEndpoints endpoints) => endpoints.DecideAsync(fingerprint, Verdict.Reject, http));
    }

    private async Task<IResult> DecideAsync(string fingerprint, Verdict verdict, HttpContext http)
    {
        if (!FindingDecisions.IsFingerprint(fingerprint))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown finding", detail: "A finding is named by its 64-digit fingerprint.");
        var session = sessions.Find(http.Request.Query["launch"].ToString(), BrowserSession.Read(http));
        if (session is null)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "No launch", detail: "Open SmartReasoning from the EHR again; this launch is not one of this browser's.");
        if (session.Context.FhirUser is not { Length: > 0 } user)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No user", detail: "The EHR did not say who the user is (fhirUser), so a decision cannot be recorded.");
        string? reason = null;
        if (verdict == Verdict.Reject && http.Request.HasFormContentType)
            reason = (await http.Request.ReadFormAsync(http.RequestAborted)).TryGetValue("reason", out var value) ? value.ToString() : null;
        if (reason is { Length: > FindingDecisions.MaxReasonLength })
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Reason too long", detail: $"A reason has at most {FindingDecisions.MaxReasonLength} characters.");

        var auth = new WriteAuth(WriteAuthMode.User, session.Key);
        var id = verdict == Verdict.Accept
            ? await decisions.AcceptAsync(fingerprint, user, session.FhirBase, auth, http.RequestAborted)
            : await decisions.RejectAsync(fingerprint, user, reason, session.FhirBase, auth, http.RequestAborted);
        return Results.Json(new DecisionQueued(fingerprint, verdict == Verdict.Accept ? "accept" : "reject", id), statusCode: StatusCodes.Status202Accepted);
    }

    private sealed record DecisionQueued(string Fingerprint, string Verdict, long Queued);
}
