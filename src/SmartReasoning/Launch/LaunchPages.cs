using System.Net;
using System.Text;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Launch;

/// <summary>The few pages of the launch: what went wrong, and the minimal app page that proves the token works.</summary>
internal static class LaunchPages
{
    public static IResult Failure(LaunchFailure failure) => Page(failure.Status, failure.Title, $"""
        <h1 id="title">{H(failure.Title)}</h1>
        <p id="detail">{H(failure.Message)}</p>
        <p>If this keeps happening, tell your EHR administrator what this page says (it holds no patient data or password).</p>
        """);

    /// <summary>The patient and the launch context, read with the launch's token.</summary>
    public static IResult App(LaunchSession session, Patient? patient)
    {
        var context = session.Context;
        var body = new StringBuilder();
        body.Append("<h1>SmartReasoning</h1>");
        if (patient is not null)
            body.Append("<section id=\"patient\" aria-label=\"Patient\"><h2 id=\"patient-name\">").Append(H(PatientRead.DisplayName(patient)))
                .Append("</h2><p>Born <span id=\"patient-birth-date\">").Append(H(patient.BirthDate?.Value ?? "unknown")).Append("</span></p></section>");
        else body.Append("<p id=\"no-patient\">No patient is open in this launch.</p>");
        body.Append("<dl id=\"launch-context\">");
        Row(body, "EHR", session.FhirBase);
        Row(body, "Encounter", context.Encounter);
        Row(body, "User", context.FhirUser);
        Row(body, "Intent", context.Intent);
        Row(body, "Tenant", context.Tenant);
        Row(body, "Patient banner needed", context.NeedPatientBanner ? "yes" : "no");
        Row(body, "Style", context.SmartStyleUrl);
        Row(body, "Other context", context.FhirContext.Count == 0 ? null : string.Join(", ", context.FhirContext.Select(c => c.Reference ?? c.Canonical ?? c.Type)));
        Row(body, "App context", context.AppContext);
        Row(body, "Granted scopes", session.GrantedScope);
        body.Append("</dl>");
        return Page(StatusCodes.Status200OK, "SmartReasoning", body.ToString());
    }

    private static void Row(StringBuilder body, string name, string? value)
    {
        if (value is null) return;
        body.Append("<dt>").Append(H(name)).Append("</dt><dd>").Append(H(value)).Append("</dd>");
    }

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><title>{H(title)}</title></head><body><main>{body}</main></body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
