using System.Globalization;
using System.Net;
using System.Text;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Server.Review;

namespace SmartReasoning.Server.App;

/// <summary>
/// The app's pages, rendered on the server (the script only polls progress and posts decisions).
/// <para>Stable element ids and classes (for browser tests; keep them):</para>
/// <list type="bullet">
/// <item><c>#patient-name</c> (always, in the heading); <c>#patient-banner</c> with <c>#patient-birth-date</c>, <c>#patient-sex</c> when the EHR asks for a banner.</item>
/// <item>Progress: <c>#progress[data-state]</c> (running, done, failed), <c>#progress-stage</c>, <c>#progress-detail</c>, <c>#progress-resources</c>.</item>
/// <item>Review: <c>#partial-data</c> (what is missing, when anything is), <c>#model-notice</c>, <c>#longitudinal</c> with <c>svg.plot[data-series]</c>
///   and <c>#timeline</c>; <c>#findings</c> with <c>article.finding[data-fingerprint][data-severity][data-kind]</c>, each with <c>.finding-title</c>,
///   <c>.finding-rationale</c>, <c>a.evidence</c>, <c>.finding-reasoner</c>, <c>button.accept</c>, <c>button.reject</c>, <c>input.reject-reason</c>
///   and <c>.decision-status</c>; <c>#review-again</c>; <c>#stage-times</c>.</item>
/// <item>Failures: <c>#title</c>, <c>#detail</c>, <c>main[data-failure]</c> (session-ended, fhir-unreachable, no-patient, reasoning, unexpected, launch).</item>
/// </list>
/// </summary>
internal static class AppPages
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *";

    public static IResult Progress(LaunchSession session, ReviewRun run)
    {
        var body = new StringBuilder();
        Heading(body, session, run.Patient);
        var progress = run.Progress;
        body.Append("<section id=\"progress\" data-state=\"running\" aria-labelledby=\"progress-title\" data-status-url=\"")
            .Append(H(AppEndpoints.WithLaunch(AppEndpoints.StatusPath, session.Key))).Append("\">")
            .Append("<h2 id=\"progress-title\">Reviewing the record</h2>")
            .Append("<p role=\"status\" aria-live=\"polite\"><span id=\"progress-stage\">").Append(H(StageName(progress.Stage))).Append("</span>: <span id=\"progress-detail\">")
            .Append(H(progress.Detail)).Append("</span>. <span id=\"progress-resources\">").Append(progress.Resources.ToString(CultureInfo.InvariantCulture))
            .Append("</span> resources so far.</p>")
            .Append("<ol class=\"stages\">");
        foreach (var stage in new[] { SmartReasoningTelemetry.Stages.Pull, SmartReasoningTelemetry.Stages.Compile, SmartReasoningTelemetry.Stages.Reason, SmartReasoningTelemetry.Stages.WriteBack })
            body.Append("<li data-stage=\"").Append(stage).Append("\"").Append(stage == progress.Stage ? " aria-current=\"step\"" : "").Append('>').Append(H(StageName(stage))).Append("</li>");
        body.Append("</ol><p>This page updates by itself; reloading it is safe.</p></section>");
        return new AppPage("Reviewing · SmartReasoning", body.ToString(), session.Key, StatusCodes.Status200OK, refreshSeconds: 2);
    }

    public static IResult Review(LaunchSession session, ReviewRun run, PatientReviewResult result)
    {
        var body = new StringBuilder();
        Heading(body, session, run.Patient);
        var context = result.Context;
        if (result.IsPartial)
        {
            body.Append("<section id=\"partial-data\" class=\"notice warning\" role=\"alert\" aria-labelledby=\"partial-title\"><h2 id=\"partial-title\">Part of the record could not be read</h2>")
                .Append("<p>The findings below rest only on what was read. Missing:</p><ul>");
            foreach (var missing in result.Record.Missing)
                body.Append("<li><strong>").Append(H(missing.What)).Append("</strong>: ").Append(H(missing.Reason)).Append("</li>");
            body.Append("</ul></section>");
        }
        if (result.ModelNotUsed is { } why)
            body.Append("<p id=\"model-notice\" class=\"notice info\" role=\"status\">").Append(H(why)).Append("</p>");
        else if (result.Reasoning.ModelOutcome is null)
            body.Append("<p id=\"model-notice\" class=\"notice info\" role=\"status\">No model is configured: the findings come from the embedded guideline reasoner.</p>");

        Findings(body, session, result);
        Longitudinal(body, session, context);

        body.Append("<footer class=\"review-footer\"><p id=\"stage-times\">").Append(H(StageTimes(result))).Append("</p>")
            .Append("<form method=\"post\" action=\"").Append(H(AppEndpoints.WithLaunch(AppEndpoints.ReviewAgainPath, session.Key)))
            .Append("\"><button type=\"submit\" id=\"review-again\">Review the record again</button></form></footer>");
        return new AppPage("Review · SmartReasoning", body.ToString(), session.Key, StatusCodes.Status200OK);
    }

    /// <summary>A failure page: its title, what happened, and what to do; <paramref name="kind"/> names it for tests and styles.</summary>
    public static IResult Failure(string? launchKey, int status, string kind, string title, string detail, string advice) => new AppPage($"{title} · SmartReasoning", $"""
        <h1 id="title">{H(title)}</h1>
        <p id="detail">{H(detail)}</p>
        <p>{H(advice)}</p>
        <p class="small">If this keeps happening, tell your EHR administrator what this page says (it holds no patient data or password).</p>
        """, launchKey, status, failure: kind);

    /// <summary>One resource as JSON, read from the EHR with the launch's token (evidence links open this).</summary>
    public static IResult Resource(string launchKey, string reference, string json) => new AppPage($"{reference} · SmartReasoning", $"""
        <h1 id="title">{H(reference)}</h1>
        <p>As the EHR holds it now, read with this launch's access. <a href="{H(AppEndpoints.WithLaunch(AppEndpoints.AppPath, launchKey))}">Back to the review</a></p>
        <pre id="resource-json" tabindex="0" aria-label="{H(reference)} as FHIR JSON">{H(json)}</pre>
        """, launchKey, StatusCodes.Status200OK);

    private static void Heading(StringBuilder body, LaunchSession session, Patient patient)
    {
        body.Append("<h1><span class=\"app-name\">SmartReasoning</span> <span class=\"sep\" aria-hidden=\"true\">·</span> <span id=\"patient-name\">")
            .Append(H(PatientRead.DisplayName(patient))).Append("</span></h1>");
        if (session.Context.NeedPatientBanner) Banner(body, patient);
        LaunchContext(body, session);
    }

    private static void Banner(StringBuilder body, Patient patient)
    {
        body.Append("<section id=\"patient-banner\" aria-label=\"Patient banner\"><dl>")
            .Append("<dt>Born</dt><dd id=\"patient-birth-date\">").Append(H(patient.BirthDate?.Value ?? "unknown")).Append("</dd>")
            .Append("<dt>Sex</dt><dd id=\"patient-sex\">").Append(H(patient.Gender?.Value ?? "unknown")).Append("</dd>");
        if (patient.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code?.Value == "MR") ?? false)?.Value?.Value is { } mrn)
            body.Append("<dt>MRN</dt><dd id=\"patient-mrn\">").Append(H(mrn)).Append("</dd>");
        body.Append("</dl></section>");
    }

    /// <summary>What the EHR said when it launched the app, folded away: for support, and for a user who wonders.</summary>
    private static void LaunchContext(StringBuilder body, LaunchSession session)
    {
        var context = session.Context;
        body.Append("<details class=\"launch-details\"><summary>About this launch</summary><dl id=\"launch-context\">");
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
        body.Append("</dl></details>");
    }

    private static void Row(StringBuilder body, string name, string? value)
    {
        if (value is null) return;
        body.Append("<dt>").Append(H(name)).Append("</dt><dd>").Append(H(value)).Append("</dd>");
    }

    private static void Findings(StringBuilder body, LaunchSession session, PatientReviewResult result)
    {
        var reasoning = result.Reasoning;
        body.Append("<section id=\"findings\" aria-labelledby=\"findings-title\"><h2 id=\"findings-title\">Findings (").Append(reasoning.Findings.Count).Append(")</h2>")
            .Append("<p class=\"small\">From ").Append(H(reasoning.Reasoner.Name)).Append(' ').Append(H(reasoning.Reasoner.Version))
            .Append(". Each is in the chart as a preliminary AI-assisted Observation until you accept or reject it.</p>");
        if (reasoning.Findings.Count == 0) body.Append("<p id=\"no-findings\">No findings for this record.</p>");
        var canDecide = session.Context.FhirUser is { Length: > 0 };
        for (var i = 0; i < reasoning.Findings.Count; i++)
        {
            var finding = reasoning.Findings[i];
            var write = i < result.Written.Count && result.Written[i].Kind == finding.Kind.Code ? result.Written[i] : null;
            var id = $"finding-{i}";
            var severity = finding.Severity.Code();
            body.Append("<article class=\"finding ").Append(severity).Append("\" id=\"").Append(id).Append("\" data-severity=\"").Append(severity)
                .Append("\" data-kind=\"").Append(H(finding.Kind.Code)).Append('"');
            if (write is not null) body.Append(" data-fingerprint=\"").Append(write.Fingerprint).Append('"');
            body.Append(" aria-labelledby=\"").Append(id).Append("-title\">")
                .Append("<h3 id=\"").Append(id).Append("-title\" class=\"finding-title\"><span class=\"severity ").Append(severity).Append("\">").Append(H(SeverityName(finding.Severity)))
                .Append("</span> ").Append(H(finding.Title)).Append("</h3>")
                .Append("<div class=\"finding-rationale\">").Append(SafeMarkdown.ToHtml(finding.Rationale)).Append("</div>");
            if (finding.Contradicts is { } contradicts)
                body.Append("<p class=\"notice warning\">Disagrees with a guideline finding: ").Append(H(contradicts)).Append("</p>");
            if (finding.Evidence.Count > 0)
            {
                body.Append("<p class=\"evidence-list\">Evidence: ");
                body.AppendJoin(", ", finding.Evidence.Select(e => $"<a class=\"evidence\" href=\"{H(AppEndpoints.ResourceLink(e, session.Key))}\">{H(EvidenceText(e, result.Context))}</a>"));
                body.Append("</p>");
            }
            if (finding.SuggestedActions.Count > 0)
            {
                body.Append("<p>Suggested:</p><ul class=\"suggestions\">");
                foreach (var action in finding.SuggestedActions) body.Append("<li>").Append(H(action.Description)).Append("</li>");
                body.Append("</ul>");
            }
            body.Append("<p class=\"finding-reasoner small\">By <strong>").Append(H(ReasonerName(finding.Reasoner))).Append("</strong>, confidence ")
                .Append(finding.Confidence.ToString("P0", CultureInfo.InvariantCulture)).Append(", per <a href=\"").Append(H(finding.Source.Url))
                .Append("\" rel=\"noopener noreferrer\" target=\"_blank\">").Append(H(finding.Source.Name)).Append("</a>.</p>");
            Decision(body, session, id, write, canDecide);
            body.Append("</article>");
        }
        body.Append("</section>");
    }

    private static void Decision(StringBuilder body, LaunchSession session, string id, WriteBack.FindingWriteResult? write, bool canDecide)
    {
        body.Append("<div class=\"decision\">");
        if (write is null || !write.Queued)
            body.Append("<p class=\"decision-status\">This finding could not be put in the chart, so it cannot be accepted here.</p>");
        else if (!canDecide)
            body.Append("<p class=\"decision-status\">The EHR did not say who you are (fhirUser), so decisions cannot be recorded.</p>");
        else
        {
            var accept = AppEndpoints.WithLaunch($"/findings/{write.Fingerprint}/accept", session.Key);
            var reject = AppEndpoints.WithLaunch($"/findings/{write.Fingerprint}/reject", session.Key);
            body.Append("<button type=\"button\" class=\"accept\" data-url=\"").Append(H(accept)).Append("\" aria-describedby=\"").Append(id).Append("-title\">Accept</button> ")
                .Append("<label for=\"").Append(id).Append("-reason\">Reason to reject (optional)</label> <input type=\"text\" class=\"reject-reason\" id=\"").Append(id)
                .Append("-reason\" name=\"reason\" maxlength=\"1000\"> ")
                .Append("<button type=\"button\" class=\"reject\" data-url=\"").Append(H(reject)).Append("\" aria-describedby=\"").Append(id).Append("-title\">Reject</button>")
                .Append("<p class=\"decision-status\" role=\"status\" aria-live=\"polite\"></p>");
        }
        body.Append("</div>");
    }

    private static void Longitudinal(StringBuilder body, LaunchSession session, LongitudinalContext context)
    {
        body.Append("<section id=\"longitudinal\" aria-labelledby=\"longitudinal-title\"><h2 id=\"longitudinal-title\">The record over time</h2>");
        if (context.Demographics is { } d)
            body.Append("<p class=\"small\">").Append(d.AgeYears is { } age ? $"{age} years" : "Age unknown").Append(d.Sex is { } sex ? $", {H(sex)}" : "")
                .Append(d.Deceased ? ", deceased" : "").Append(". As of ").Append(SeriesPlot.Day(context.AsOf)).Append(".</p>");
        body.Append("<h3>Key results</h3><div class=\"plots\">");
        var plotted = 0;
        foreach (var key in KeySeries.All)
        {
            if (key.In(context) is not { Points.Count: > 0 } series) continue;
            var partner = key.Partner?.In(context);
            plotted++;
            var latest = series.Statistics.Latest;
            body.Append("<figure class=\"plot-figure\"><figcaption><strong>").Append(H(key.Label)).Append("</strong> latest <a class=\"evidence\" href=\"")
                .Append(H(AppEndpoints.ResourceLink(latest.Sources.FirstOrDefault() ?? "", session.Key))).Append("\">")
                .Append(SeriesPlot.N(latest.Value)).Append(partner is { Points.Count: > 0 } ? "/" + SeriesPlot.N(partner.Statistics.Latest.Value) : "").Append(' ').Append(H(series.Unit))
                .Append("</a> on ").Append(SeriesPlot.Day(latest.Time));
            if (key.RangeApplies(series.Unit)) body.Append(" <span class=\"small\">(reference ").Append(H(SeriesPlot.RangeText(key, series.Unit))).Append(")</span>");
            body.Append("</figcaption>").Append(SeriesPlot.Render(key, series, partner is { Points.Count: > 0 } ? partner : null)).Append("</figure>");
        }
        if (plotted == 0) body.Append("<p id=\"no-series\">None of the key series (HbA1c, eGFR, creatinine, potassium, LDL, blood pressure, weight, hemoglobin) is in the record.</p>");
        body.Append("</div>");
        body.Append("<h3 id=\"timeline-title\">Timeline</h3>").Append(TimelineView.Render(context, e => AppEndpoints.ResourceLink(e, session.Key)));
        body.Append("</section>");
    }

    private static string StageTimes(PatientReviewResult result)
    {
        static string Ms(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.0} s" : $"{t.TotalMilliseconds:0} ms";
        var parts = result.StageTimes.Select(s => $"{StageName(s.Key).ToLowerInvariant()} {Ms(s.Value)}");
        return $"{result.Record.Statistics.ResourceCount} resources read in {result.Record.Statistics.Requests} requests. Time per stage: {string.Join(", ", parts)}.";
    }

    /// <summary>An evidence reference in words when the context knows it (a lab value and its date), else the reference.</summary>
    private static string EvidenceText(string reference, LongitudinalContext context)
    {
        foreach (var series in context.Labs.Concat(context.Vitals).Concat(context.OtherObservations))
            foreach (var point in series.Points)
                if (point.Sources.Contains(reference, StringComparer.Ordinal))
                    return $"{series.Code.Display} {SeriesPlot.N(point.Value)} {series.Unit} on {SeriesPlot.Day(point.Time)}";
        if (context.Problems.FirstOrDefault(p => p.Sources.Contains(reference, StringComparer.Ordinal)) is { } problem) return problem.Code.Display;
        if (context.Medications.FirstOrDefault(m => m.Sources.Contains(reference, StringComparer.Ordinal)) is { } medication) return medication.Medication.Display;
        if (context.Allergies.FirstOrDefault(a => a.Sources.Contains(reference, StringComparer.Ordinal)) is { } allergy) return $"Allergy: {allergy.Substance.Display}";
        return reference;
    }

    internal static string StageName(string stage) => stage switch
    {
        SmartReasoningTelemetry.Stages.Pull => "Reading the record",
        SmartReasoningTelemetry.Stages.Compile => "Compiling",
        SmartReasoningTelemetry.Stages.Reason => "Reasoning",
        SmartReasoningTelemetry.Stages.WriteBack => "Writing to the chart",
        _ => stage,
    };

    private static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "Critical",
        Severity.Warning => "Warning",
        _ => "Info",
    };

    private static string ReasonerName(string reasoner) =>
        reasoner.StartsWith("model:", StringComparison.Ordinal) ? $"the model ({reasoner["model:".Length..]})"
        : reasoner.Contains("guideline", StringComparison.OrdinalIgnoreCase) ? $"the guideline rules ({reasoner})"
        : reasoner;

    internal static string H(string? text) => WebUtility.HtmlEncode(text ?? "");
}

/// <summary>A page of the app: our stylesheet (and the EHR's style as variables), our script, and headers that let nothing else run.</summary>
internal sealed class AppPage(string title, string body, string? launchKey, int status, int? refreshSeconds = null, string? failure = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = AppPages.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">");
        // Without the script, the progress page still moves on: the browser reloads it.
        if (refreshSeconds is { } seconds) html.Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(seconds).Append("\"></noscript>");
        html.Append("<title>").Append(AppPages.H(title)).Append("</title><link rel=\"stylesheet\" href=\"").Append(AppEndpoints.AssetPath).Append("app.css\">");
        if (launchKey is not null) html.Append("<link rel=\"stylesheet\" href=\"").Append(AppPages.H(AppEndpoints.WithLaunch(AppEndpoints.StylePath, launchKey))).Append("\">");
        html.Append("<script src=\"").Append(AppEndpoints.AssetPath).Append("app.js\" defer></script></head><body>")
            .Append("<a class=\"skip-link\" href=\"#main\">Skip to content</a><main id=\"main\"");
        if (failure is not null) html.Append(" data-failure=\"").Append(failure).Append("\" class=\"failure\"");
        html.Append('>').Append(body).Append("</main></body></html>");
        await response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }
}
