using System.Text;
using SmartReasoning.Sandbox.Chart;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// Cards as HTML for the chart page: every value from a service is encoded, the detail goes through
/// <see cref="SafeMarkdown"/>, and only http(s) URLs become links. Accept and dismiss controls carry the exchange id
/// and card index the sandbox needs to apply a suggestion and send feedback.
/// </summary>
internal static class CardHtml
{
    public static string Render(CdsHookRun run)
    {
        var html = new StringBuilder();
        var cards = run.Services.Sum(s => s.Result.Response?.Cards.Count ?? 0);
        html.Append("<p class=\"cds-run\">").Append(Html.E(run.Hook)).Append(": ")
            .Append(run.Services.Count).Append(run.Services.Count == 1 ? " service" : " services").Append(", ")
            .Append(cards).Append(cards == 1 ? " card" : " cards").Append(".</p>");
        foreach (var error in run.Errors) html.Append("<p class=\"cds-error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        if (run.Services.Count == 0 && run.Errors.Count == 0)
            html.Append("<p class=\"cds-empty\">No CDS service listens to ").Append(Html.E(run.Hook)).Append(".</p>");
        foreach (var service in run.Services) Service(html, service, run);
        return html.ToString();
    }

    private static void Service(StringBuilder html, CdsServiceRun service, CdsHookRun run)
    {
        html.Append("<section class=\"cds-service\" data-service-id=\"").Append(Html.E(service.Service.Id)).Append("\" aria-label=\"")
            .Append(Html.E(service.Service.Name)).Append("\"><h3 class=\"cds-service-title\">").Append(Html.E(service.Service.Name))
            .Append(" <small>").Append(Html.E(service.Service.Url)).Append("</small></h3>");
        if (service.Result.Error is { } error) html.Append("<p class=\"cds-error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        var response = service.Result.Response;
        List<string> problems = [.. response?.Errors ?? [], .. response?.Warnings ?? []];
        if (problems.Count > 0) List(html, "cds-warnings", problems);
        if (service.Request.Notes.Count > 0)
        {
            html.Append("<details class=\"cds-notes\"><summary>Request notes</summary>");
            List(html, "", service.Request.Notes);
            html.Append("</details>");
        }
        if (service.SystemActions is { } applied)
            html.Append("<p class=\"cds-system-actions\">System actions: ")
                .Append(Html.E(applied.Succeeded ? Describe(applied) : "not applied: " + applied.Error)).Append("</p>");
        if (response is not null)
            for (var i = 0; i < response.Cards.Count; i++) Card(html, response.Cards[i], i, service, run);
        html.Append("</section>");
    }

    private static void Card(StringBuilder html, CdsCard card, int index, CdsServiceRun service, CdsHookRun run)
    {
        var id = $"card-{service.ExchangeId}-{index}";
        html.Append("<article class=\"cds-card cds-").Append(Html.E(card.Indicator)).Append("\" id=\"").Append(id)
            .Append("\" data-exchange=\"").Append(Html.E(service.ExchangeId)).Append("\" data-card=\"").Append(index)
            .Append("\" data-selection-behavior=\"").Append(Html.E(card.SelectionBehavior ?? "")).Append("\" aria-labelledby=\"").Append(id).Append("-summary\">");
        html.Append("<h4 class=\"cds-summary\" id=\"").Append(id).Append("-summary\"><span class=\"cds-indicator\">")
            .Append(Html.E(card.Indicator)).Append("</span> ").Append(Html.E(card.Summary)).Append("</h4>");
        if (!string.IsNullOrEmpty(card.Detail)) html.Append("<div class=\"cds-detail\">").Append(SafeMarkdown.ToHtml(card.Detail)).Append("</div>");

        html.Append("<p class=\"cds-source\">Source: ");
        if (card.Source.Url is { } sourceUrl) Link(html, sourceUrl, card.Source.Label);
        else html.Append(Html.E(card.Source.Label));
        if (card.Source.Topic is { } topic) html.Append(" <span class=\"cds-topic\">(").Append(Html.E(topic.Display ?? topic.Code)).Append(")</span>");
        html.Append("</p>");

        if (card.Suggestions.Count > 0)
        {
            html.Append("<div class=\"cds-suggestions\" role=\"group\" aria-label=\"Suggestions\"><p class=\"cds-selection\">")
                .Append(card.SelectionBehavior == "any" ? "Choose any of these suggestions:" : "Choose at most one suggestion:").Append("</p><ul>");
            for (var s = 0; s < card.Suggestions.Count; s++)
            {
                var suggestion = card.Suggestions[s];
                html.Append("<li class=\"cds-suggestion\"><button type=\"button\" class=\"cds-accept\" data-suggestion=\"").Append(s).Append("\">Accept: ")
                    .Append(Html.E(suggestion.Label)).Append("</button>");
                if (suggestion.IsRecommended) html.Append(" <span class=\"cds-recommended\">recommended</span>");
                if (suggestion.Actions.Count > 0)
                {
                    html.Append("<ul class=\"cds-actions\">");
                    foreach (var action in suggestion.Actions)
                        html.Append("<li>").Append(Html.E(action.Type)).Append(' ').Append(Html.E(Target(action)))
                            .Append(action.Description is null ? "" : ": " + Html.E(action.Description)).Append("</li>");
                    html.Append("</ul>");
                }
                html.Append("</li>");
            }
            html.Append("</ul></div>");
        }

        if (card.Links.Count > 0)
        {
            html.Append("<ul class=\"cds-links\">");
            foreach (var link in card.Links)
            {
                html.Append("<li>");
                if (link.Type == "smart")
                {
                    var launch = $"/chart/{Html.U(run.PatientId)}/launch?app={Html.U(link.Url)}"
                        + (link.AppContext is null ? "" : "&appContext=" + Html.U(link.AppContext))
                        + (run.EncounterId is null ? "" : "&encounter=" + Html.U(run.EncounterId));
                    html.Append("<a class=\"cds-smart-link\" href=\"").Append(Html.E(launch)).Append("\" target=\"_blank\" rel=\"noopener noreferrer\">")
                        .Append(Html.E(link.Label)).Append("</a> <span class=\"cds-link-type\">(SMART app)</span>");
                }
                else Link(html, link.Url, link.Label);
                html.Append("</li>");
            }
            html.Append("</ul>");
        }

        // Dismissing is always possible; the reasons come from the card (CDS Hooks 2.0 overrideReasons).
        html.Append("<div class=\"cds-dismiss-form\">");
        if (card.OverrideReasons.Count > 0)
        {
            html.Append("<label for=\"").Append(id).Append("-reason\">Override reason</label> <select class=\"cds-override-reason\" id=\"")
                .Append(id).Append("-reason\"><option value=\"\">(none)</option>");
            for (var r = 0; r < card.OverrideReasons.Count; r++)
                html.Append("<option value=\"").Append(r).Append("\">").Append(Html.E(card.OverrideReasons[r].Display ?? card.OverrideReasons[r].Code)).Append("</option>");
            html.Append("</select> ");
        }
        html.Append("<label for=\"").Append(id).Append("-comment\">Comment</label> <input type=\"text\" class=\"cds-comment\" id=\"").Append(id)
            .Append("-comment\" maxlength=\"500\"> <button type=\"button\" class=\"cds-dismiss\">Dismiss</button></div>");
        html.Append("<p class=\"cds-card-status\" role=\"status\"></p></article>");
    }

    public static string Describe(SuggestionOutcome outcome)
    {
        List<string> parts = [.. outcome.Changes, .. outcome.DraftsRemoved.Select(d => $"removed the draft order {d}")];
        return parts.Count == 0 ? "nothing to change" : string.Join("; ", parts);
    }

    private static string Target(CdsAction action) =>
        action.ResourceIds.Count > 0 ? string.Join(", ", action.ResourceIds)
        : action.Resource is { } resource ? $"{CdsDiscoveryDocument.Text(resource, "resourceType")}{(CdsDiscoveryDocument.Text(resource, "id") is { } rid ? "/" + rid : "")}"
        : "";

    private static void Link(StringBuilder html, string url, string label)
    {
        if (!SafeMarkdown.IsSafeUrl(url))
        {
            html.Append(Html.E(label));
            return;
        }
        html.Append("<a href=\"").Append(Html.E(url)).Append("\" target=\"_blank\" rel=\"noopener noreferrer\">").Append(Html.E(label)).Append("</a>");
    }

    private static void List(StringBuilder html, string cssClass, IEnumerable<string> items)
    {
        html.Append(cssClass.Length == 0 ? "<ul>" : $"<ul class=\"{cssClass}\">");
        foreach (var item in items) html.Append("<li>").Append(Html.E(item)).Append("</li>");
        html.Append("</ul>");
    }
}
