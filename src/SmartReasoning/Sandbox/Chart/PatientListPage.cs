using System.Text;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// <c>GET /</c>: the sandbox EHR's patient list (name, birth date, sex, the synthetic story), filtered by name with
/// <c>?q=</c>. Element ids: <c>#patient-search</c> (the filter), <c>#patient-list</c> (the table), <c>a.patient-link</c>
/// (one per patient, to <c>/chart/{id}</c>).
/// </summary>
internal static class PatientListPage
{
    public const int MaxShown = 500;

    public static IResult Render(HttpContext http, FhirResourceStore store)
    {
        var filter = http.Request.Query["q"].ToString().Trim();
        var patients = store.Current("Patient").Select(PatientChart.Summary)
            .Where(p => filter.Length == 0 || p.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || p.Id.Equals(filter, StringComparison.Ordinal))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var html = new StringBuilder();
        html.Append("<header class=\"ehr-header\"><span class=\"ehr-name\">Sandbox EHR</span></header><main id=\"main\"><h1>Patients</h1>")
            .Append("<form class=\"patient-search\" method=\"get\" action=\"/\" role=\"search\"><label for=\"patient-search\">Find a patient by name</label> ")
            .Append("<input type=\"search\" id=\"patient-search\" name=\"q\" value=\"").Append(Html.E(filter)).Append("\"> <button type=\"submit\">Search</button></form>");
        if (patients.Count == 0)
        {
            html.Append("<p id=\"patient-list-empty\">").Append(filter.Length == 0 ? "The sandbox holds no patients. Load some with <code>smartreasoning sandbox load</code>." : "No patient matches.").Append("</p>");
        }
        else
        {
            html.Append("<table id=\"patient-list\"><caption>").Append(patients.Count).Append(patients.Count == 1 ? " patient" : " patients")
                .Append(patients.Count > MaxShown ? $" (the first {MaxShown} shown; search by name to find others)" : "")
                .Append("</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Birth date</th><th scope=\"col\">Sex</th><th scope=\"col\">Story</th></tr></thead><tbody>");
            foreach (var p in patients.Take(MaxShown))
                html.Append("<tr><td><a class=\"patient-link\" href=\"/chart/").Append(Html.E(Html.U(p.Id))).Append("\">").Append(Html.E(p.Name)).Append("</a></td><td>")
                    .Append(Html.E(p.BirthDate)).Append("</td><td>").Append(Html.E(p.Gender)).Append("</td><td>").Append(Html.E(p.Story)).Append("</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</main>");
        return new HtmlPage("Patients · Sandbox EHR", html.ToString());
    }
}
