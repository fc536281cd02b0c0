using System.Text;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// <c>GET /chart/{patientId}</c>: a minimal chart, the app launch and the order entry that fires CDS Hooks.
/// <para>Stable element ids and classes (for browser tests; keep them):</para>
/// <list type="bullet">
/// <item><c>body[data-patient-id]</c>; <c>#patient-banner</c> with <c>#patient-name</c>, <c>#patient-birth-date</c>, <c>#patient-sex</c>;
///   <c>#chart-encounter</c> (the encounter in context, used by the launch and the hooks); <c>#current-user</c>; <c>#chart-reload</c>.</item>
/// <item>Sections <c>#problems</c>, <c>#medications</c>, <c>#allergies</c>, <c>#labs</c>, <c>#vitals</c>, <c>#recent-observations</c>
///   (each <c>li</c>/<c>tr</c> has <c>data-reference</c>; app-written ones carry class <c>ai-assisted</c> and their status in <c>.observation-status</c>).</item>
/// <item>Launch: <c>form#launch-form</c> with <c>#launch-intent</c>, <c>#launch-need-banner</c>, <c>#launch-style</c>, <c>#launch-tenant</c>,
///   <c>#launch-error</c> (SimulatedError names), <c>#launch-fhir-context</c>, <c>#launch-app-url</c>; <c>button#launch-app</c> opens the
///   app in a new tab, <c>button#launch-app-inline</c> in <c>iframe#app-frame</c>.</item>
/// <item>Order: <c>select#order-drug</c> (value = RxNorm code; choosing fires order-select), <c>#order-dose</c>,
///   <c>button#order-sign</c> (fires order-sign), <c>#order-status</c>, <c>#order-draft</c> (the draft's reference).</item>
/// <item>CDS: <c>select#cds-prefetch</c> (normal, omit, null, outcome), <c>#cds-prefetch-keys</c>, <c>#cds-service-url</c> +
///   <c>button#cds-add-service</c> (a discovery URL for this browser session), <c>#cds-services</c>, <c>button#cds-patient-view</c>,
///   <c>#cds-status</c>, and <c>#cds-cards</c>: its <c>data-hook</c> names the last hook fired and <c>data-state</c> is
///   <c>loading</c>, <c>done</c> or <c>failed</c>. Inside: <c>.cds-service</c>, <c>.cds-error</c>, and <c>.cds-card</c>
///   (class <c>cds-info|cds-warning|cds-critical</c>) with <c>.cds-summary</c>, <c>.cds-detail</c>, <c>.cds-source</c>,
///   <c>button.cds-accept</c>, <c>a.cds-smart-link</c>, <c>select.cds-override-reason</c>, <c>input.cds-comment</c>,
///   <c>button.cds-dismiss</c> and <c>.cds-card-status</c> (the outcome of accept or dismiss).</item>
/// </list>
/// patient-view fires when the page opens (chart.js).
/// </summary>
internal static class ChartPage
{
    public static IResult Render(PatientChart chart, SignedInClinician user, SandboxOptions options, string root)
    {
        var p = chart.Patient;
        var html = new StringBuilder();
        html.Append("<header class=\"ehr-header\"><a class=\"ehr-name\" href=\"/\">Sandbox EHR</a> <span>Signed in as <span id=\"current-user\" data-reference=\"")
            .Append(Html.E(user.Reference)).Append("\">").Append(Html.E(user.Name)).Append("</span></span> <a id=\"chart-reload\" href=\"/chart/")
            .Append(Html.E(Html.U(p.Id))).Append("\">Reload chart</a></header>");
        html.Append("<main id=\"main\">");
        Banner(html, chart);
        html.Append("<div class=\"chart-layout\"><div class=\"chart-column\">");
        Lines(html, "problems", "Active problems", chart.Problems, "No active problems.");
        Lines(html, "medications", "Active medications", chart.Medications, "No active medications.");
        Lines(html, "allergies", "Allergies", chart.Allergies, "No known allergies.");
        Table(html, "labs", "Recent laboratory results", chart.Labs, "No laboratory results.");
        Table(html, "vitals", "Recent vital signs", chart.Vitals, "No vital signs.");
        Table(html, "recent-observations", "Recently recorded observations (including those written by apps)", chart.RecentObservations, "No observations.");
        html.Append("</div><div class=\"chart-column\">");
        Launch(html, p.Id, options, root);
        Order(html);
        Cds(html, options);
        html.Append("</div></div></main>");
        return new HtmlPage($"{p.Name} · Sandbox EHR", html.ToString(), $" data-patient-id=\"{Html.E(p.Id)}\"");
    }

    private static void Banner(StringBuilder html, PatientChart chart)
    {
        var p = chart.Patient;
        var age = PatientChart.Age(p.BirthDate, DateOnly.FromDateTime(DateTime.UtcNow));
        html.Append("<section id=\"patient-banner\" aria-label=\"Patient banner\"><h1 id=\"patient-name\">").Append(Html.E(p.Name)).Append("</h1><dl>")
            .Append("<dt>Born</dt><dd id=\"patient-birth-date\">").Append(Html.E(p.BirthDate ?? "unknown")).Append(age is { } a ? $" ({a} years)" : "").Append("</dd>")
            .Append("<dt>Sex</dt><dd id=\"patient-sex\">").Append(Html.E(p.Gender ?? "unknown")).Append("</dd>");
        if (chart.Mrn is { } mrn) html.Append("<dt>MRN</dt><dd id=\"patient-mrn\">").Append(Html.E(mrn)).Append("</dd>");
        if (p.Story is { } story) html.Append("<dt>Story</dt><dd>").Append(Html.E(story)).Append("</dd>");
        html.Append("</dl><p><label for=\"chart-encounter\">Encounter in context</label> <select id=\"chart-encounter\" name=\"encounter\" form=\"launch-form\"><option value=\"\">(none)</option>");
        foreach (var e in chart.Encounters)
        {
            var id = e.Reference["Encounter/".Length..];
            html.Append("<option value=\"").Append(Html.E(id)).Append("\">").Append(Html.E($"{e.Date} {e.Name} ({e.Detail})")).Append("</option>");
        }
        html.Append("</select></p></section>");
    }

    private static void Lines(StringBuilder html, string id, string title, IReadOnlyList<ChartLine> lines, string empty)
    {
        html.Append("<section id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-title\"><h2 id=\"").Append(id).Append("-title\">")
            .Append(Html.E(title)).Append("</h2>");
        if (lines.Count == 0) html.Append("<p class=\"empty\">").Append(Html.E(empty)).Append("</p>");
        else
        {
            html.Append("<ul>");
            foreach (var line in lines)
            {
                html.Append("<li data-reference=\"").Append(Html.E(line.Reference)).Append("\"><strong>").Append(Html.E(line.Name)).Append("</strong>");
                if (line.Detail.Length > 0) html.Append(" — ").Append(Html.E(line.Detail));
                if (line.Date is not null) html.Append(" <span class=\"date\">").Append(Html.E(line.Date)).Append("</span>");
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("</section>");
    }

    private static void Table(StringBuilder html, string id, string title, IReadOnlyList<ChartLine> lines, string empty)
    {
        html.Append("<section id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-title\"><h2 id=\"").Append(id).Append("-title\">")
            .Append(Html.E(title)).Append("</h2>");
        if (lines.Count == 0) html.Append("<p class=\"empty\">").Append(Html.E(empty)).Append("</p>");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Test</th><th scope=\"col\">Value</th></tr></thead><tbody>");
            foreach (var line in lines)
            {
                html.Append("<tr data-reference=\"").Append(Html.E(line.Reference)).Append('"').Append(line.WrittenByApp ? " class=\"ai-assisted\"" : "").Append("><td>")
                    .Append(Html.E(line.Date)).Append("</td><td>").Append(Html.E(line.Name));
                if (line.WrittenByApp) html.Append(" <span class=\"badge\" title=\"meta.security AIAST\">written by an app (AI-assisted)</span>");
                html.Append("</td><td>").Append(Html.E(line.Detail));
                if (line.Status is { } status) html.Append(" <span class=\"observation-status\">(").Append(Html.E(status)).Append(")</span>");
                html.Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    private static void Launch(StringBuilder html, string patientId, SandboxOptions options, string root)
    {
        html.Append("<section id=\"launch\" aria-labelledby=\"launch-title\"><h2 id=\"launch-title\">Launch SmartReasoning</h2>")
            .Append("<form id=\"launch-form\" method=\"get\" action=\"/chart/").Append(Html.E(Html.U(patientId))).Append("/launch\" target=\"_blank\">")
            .Append("<details><summary>Launch options</summary><div class=\"fields\">");
        Field(html, "launch-intent", "intent", "Intent (intent)", "", "e.g. reconcile-medications");
        html.Append("<label for=\"launch-need-banner\">The app shows a patient banner (need_patient_banner)</label><select id=\"launch-need-banner\" name=\"need_patient_banner\">")
            .Append("<option value=\"true\">true</option><option value=\"false\">false</option></select>");
        Field(html, "launch-style", "smart_style_url", "Style (smart_style_url)", root + "/assets/smart-style.json", "");
        Field(html, "launch-tenant", "tenant", "Tenant (tenant)", "", "");
        Field(html, "launch-fhir-context", "fhirContext", "More context (fhirContext: Type/id, comma-separated)", "", "e.g. ServiceRequest/123");
        html.Append("<label for=\"launch-error\">Simulate an error</label><select id=\"launch-error\" name=\"error\">");
        foreach (var error in Enum.GetValues<SimulatedError>())
            html.Append("<option value=\"").Append(error).Append("\">").Append(error == SimulatedError.None ? "None (no error)" : error.ToString()).Append("</option>");
        html.Append("</select>");
        Field(html, "launch-app-url", "app", "App launch URL", options.AppLaunchUrl, "");
        html.Append("</div></details><p class=\"buttons\"><button type=\"submit\" id=\"launch-app\" formtarget=\"_blank\">Launch SmartReasoning</button> ")
            .Append("<button type=\"submit\" id=\"launch-app-inline\" formtarget=\"app-frame\">Launch in this page</button></p></form>")
            .Append("<iframe id=\"app-frame\" name=\"app-frame\" title=\"SmartReasoning, launched in the chart\" hidden></iframe></section>");
    }

    private static void Order(StringBuilder html)
    {
        html.Append("<section id=\"order\" aria-labelledby=\"order-title\"><h2 id=\"order-title\">New medication order</h2><form id=\"order-form\" novalidate>")
            .Append("<label for=\"order-drug\">Medication</label><select id=\"order-drug\" name=\"drug\"><option value=\"\">Choose a medication…</option>");
        foreach (var drug in OrderCatalog.Drugs)
            html.Append("<option value=\"").Append(Html.E(drug.RxNormCode)).Append("\" data-sig=\"").Append(Html.E(drug.Sig)).Append("\">")
                .Append(Html.E($"{drug.Name}: {drug.Display} (RxNorm {drug.RxNormCode})")).Append("</option>");
        html.Append("</select><label for=\"order-dose\">Dose and instructions</label><input type=\"text\" id=\"order-dose\" name=\"dose\" maxlength=\"500\">")
            .Append("<p class=\"buttons\"><button type=\"button\" id=\"order-sign\">Sign order</button></p>")
            .Append("<p>Draft: <span id=\"order-draft\">none</span></p><p id=\"order-status\" role=\"status\"></p></form></section>");
    }

    private static void Cds(StringBuilder html, SandboxOptions options)
    {
        html.Append("<section id=\"cds\" aria-labelledby=\"cds-title\"><h2 id=\"cds-title\">Decision support (CDS Hooks)</h2>")
            .Append("<details id=\"cds-settings\"><summary>CDS settings</summary><div class=\"fields\">")
            .Append("<label for=\"cds-prefetch\">Prefetch</label><select id=\"cds-prefetch\"><option value=\"normal\">normal</option>")
            .Append("<option value=\"omit\">omit some keys</option><option value=\"null\">send null</option><option value=\"outcome\">send an OperationOutcome</option></select>");
        Field(html, "cds-prefetch-keys", "", "Only these prefetch keys (comma-separated; empty: the option's default)", "", "");
        html.Append("<label for=\"cds-service-url\">Add a CDS service for this session (discovery URL)</label><input type=\"url\" id=\"cds-service-url\" placeholder=\"http://127.0.0.1:8080/cds-services\">")
            .Append("<p class=\"buttons\"><button type=\"button\" id=\"cds-add-service\">Add service</button></p></div>")
            .Append("<p>Services called:</p><ul id=\"cds-services\">");
        foreach (var url in options.CdsServices) html.Append("<li>").Append(Html.E(url)).Append("</li>");
        html.Append("</ul></details><p class=\"buttons\"><button type=\"button\" id=\"cds-patient-view\">Fire patient-view again</button></p>")
            .Append("<p id=\"cds-status\" role=\"status\" aria-live=\"polite\"></p><div id=\"cds-cards\" data-state=\"idle\"></div></section>");
    }

    private static void Field(StringBuilder html, string id, string name, string label, string value, string placeholder)
    {
        html.Append("<label for=\"").Append(id).Append("\">").Append(Html.E(label)).Append("</label><input type=\"text\" id=\"").Append(id).Append('"');
        if (name.Length > 0) html.Append(" name=\"").Append(name).Append('"');
        if (value.Length > 0) html.Append(" value=\"").Append(Html.E(value)).Append('"');
        if (placeholder.Length > 0) html.Append(" placeholder=\"").Append(Html.E(placeholder)).Append('"');
        html.Append('>');
    }
}
