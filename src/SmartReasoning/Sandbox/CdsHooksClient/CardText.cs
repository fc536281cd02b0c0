namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>Cards as plain text for the command line: indicator, summary, detail, source, suggestions and their actions, links.</summary>
public static class CardText
{
    public static void Write(TextWriter output, CdsCallResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        output.WriteLine($"Service {result.Service.Name} ({result.Service.Url}){(result.Status is { } s ? $": HTTP {s}" : "")}");
        if (result.Error is not null)
        {
            output.WriteLine($"  FAILED: {result.Error}");
            return;
        }
        var response = result.Response!;
        output.WriteLine($"  {response.Cards.Count} {(response.Cards.Count == 1 ? "card" : "cards")}");
        foreach (var card in response.Cards)
        {
            output.WriteLine();
            output.WriteLine($"  [{card.Indicator.ToUpperInvariant()}] {card.Summary}");
            if (!string.IsNullOrWhiteSpace(card.Detail))
                foreach (var line in card.Detail.Trim().Split('\n')) output.WriteLine($"      {line.TrimEnd('\r')}");
            output.WriteLine($"    Source: {card.Source.Label}{(card.Source.Url is { } url ? $" <{url}>" : "")}{(card.Source.Topic is { } topic ? $" (topic: {topic.Display ?? topic.Code})" : "")}");
            if (card.Suggestions.Count > 0)
            {
                output.WriteLine($"    Suggestions ({card.SelectionBehavior}):");
                foreach (var suggestion in card.Suggestions)
                {
                    output.WriteLine($"      - {suggestion.Label}{(suggestion.IsRecommended ? " [recommended]" : "")}");
                    foreach (var action in suggestion.Actions) output.WriteLine($"          {Describe(action)}");
                }
            }
            foreach (var link in card.Links)
                output.WriteLine($"    Link: {link.Label} <{link.Url}>{(link.Type == "smart" ? $" (SMART app{(link.AppContext is null ? "" : ", appContext " + link.AppContext)})" : "")}");
            if (card.OverrideReasons.Count > 0)
                output.WriteLine($"    Override reasons: {string.Join("; ", card.OverrideReasons.Select(r => r.Display ?? r.Code))}");
            if (card.Uuid is not null) output.WriteLine($"    uuid: {card.Uuid}");
        }
        if (response.SystemActions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("  System actions:");
            foreach (var action in response.SystemActions) output.WriteLine($"    {Describe(action)}");
        }
        if (response.Errors.Count + response.Warnings.Count > 0)
        {
            output.WriteLine();
            foreach (var error in response.Errors) output.WriteLine($"  error: {error}");
            foreach (var warning in response.Warnings) output.WriteLine($"  warning: {warning}");
        }
    }

    private static string Describe(CdsAction action)
    {
        var target = action.ResourceIds.Count > 0 ? string.Join(", ", action.ResourceIds)
            : action.Resource is { } r ? CdsDiscoveryDocument.Text(r, "resourceType") + (CdsDiscoveryDocument.Text(r, "id") is { } id ? "/" + id : "") : "";
        return $"{action.Type} {target}{(action.Description is null ? "" : ": " + action.Description)}";
    }
}
