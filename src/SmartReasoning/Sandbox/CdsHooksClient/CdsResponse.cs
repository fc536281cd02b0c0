using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>A CDS service's answer, checked: the usable cards and system actions, and what was wrong with the rest.</summary>
public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards, IReadOnlyList<CdsAction> SystemActions, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors);

/// <summary>A card (CDS Hooks 2.0 §Card attributes).</summary>
public sealed record CdsCard
{
    /// <summary>The card's id; feedback needs it.</summary>
    public string? Uuid { get; init; }

    public required string Summary { get; init; }

    /// <summary>Markdown.</summary>
    public string? Detail { get; init; }

    /// <summary>info, warning or critical.</summary>
    public required string Indicator { get; init; }

    public required CdsSource Source { get; init; }

    public IReadOnlyList<CdsSuggestion> Suggestions { get; init; } = [];

    /// <summary>at-most-one or any.</summary>
    public string? SelectionBehavior { get; init; }

    public IReadOnlyList<CdsCoding> OverrideReasons { get; init; } = [];

    public IReadOnlyList<CdsLink> Links { get; init; } = [];
}

public sealed record CdsSource(string Label, string? Url, string? Icon, CdsCoding? Topic);

public sealed record CdsCoding(string? System, string Code, string? Display)
{
    public JsonObject ToJson()
    {
        var coding = new JsonObject { ["code"] = Code };
        if (System is not null) coding["system"] = System;
        if (Display is not null) coding["display"] = Display;
        return coding;
    }
}

public sealed record CdsSuggestion(string Label, string? Uuid, bool IsRecommended, IReadOnlyList<CdsAction> Actions);

/// <summary>create or update with a resource; delete with resourceId (relative references) or a resource.</summary>
public sealed record CdsAction(string Type, string? Description, JsonObject? Resource, IReadOnlyList<string> ResourceIds);

/// <summary>A link: <c>absolute</c> (a web page) or <c>smart</c> (a SMART app to launch, with <see cref="AppContext"/>).</summary>
public sealed record CdsLink(string Label, string Url, string Type, string? AppContext);

/// <summary>Reads and checks a service's response; a bad card or suggestion is left out with the reason, never thrown.</summary>
public static class CdsResponseReader
{
    public const int SummaryLimit = 140;
    private static readonly string[] Indicators = ["info", "warning", "critical"];

    public static CdsResponse Read(JsonNode? body)
    {
        List<string> warnings = [];
        List<string> errors = [];
        List<CdsCard> cards = [];
        List<CdsAction> systemActions = [];
        if (body is not JsonObject root || root["cards"] is not JsonArray array)
        {
            errors.Add("the response has no \"cards\" array");
            return new CdsResponse(cards, systemActions, warnings, errors);
        }
        for (var i = 0; i < array.Count; i++)
        {
            var (card, problem) = Card(array[i] as JsonObject, i, warnings);
            if (card is null) errors.Add($"card {i + 1} ignored: {problem}");
            else cards.Add(card);
        }
        if (root["systemActions"] is JsonArray actions)
            for (var i = 0; i < actions.Count; i++)
            {
                var (action, problem) = Action(actions[i] as JsonObject, warnings, $"systemActions[{i}]");
                if (action is null) errors.Add($"system action {i + 1} ignored: {problem}");
                else systemActions.Add(action);
            }
        else if (root["systemActions"] is not null) errors.Add("systemActions is not an array and is ignored");
        return new CdsResponse(cards, systemActions, warnings, errors);
    }

    private static (CdsCard?, string?) Card(JsonObject? node, int index, List<string> warnings)
    {
        if (node is null) return (null, "not an object");
        var summary = Text(node, "summary");
        if (string.IsNullOrWhiteSpace(summary)) return (null, "no summary");
        var indicator = Text(node, "indicator");
        if (indicator is null || !Indicators.Contains(indicator, StringComparer.Ordinal))
            return (null, $"indicator '{indicator ?? "(none)"}' is not info, warning or critical");
        if (node["source"] is not JsonObject source || string.IsNullOrWhiteSpace(Text(source, "label"))) return (null, "no source.label");

        var name = $"card {index + 1}";
        if (summary.Length > SummaryLimit) warnings.Add($"{name}: the summary is {summary.Length} characters (the limit is {SummaryLimit})");
        var uuid = Text(node, "uuid");
        if (uuid is null) warnings.Add($"{name}: no uuid, so no feedback can be sent for it");

        List<CdsSuggestion> suggestions = [];
        if (node["suggestions"] is JsonArray suggestionArray)
            for (var s = 0; s < suggestionArray.Count; s++)
                if (Suggestion(suggestionArray[s] as JsonObject, $"{name} suggestion {s + 1}", warnings) is { } suggestion) suggestions.Add(suggestion);
        var selectionBehavior = Text(node, "selectionBehavior");
        if (suggestions.Count > 0 && selectionBehavior is not ("at-most-one" or "any"))
            warnings.Add($"{name}: selectionBehavior '{selectionBehavior ?? "(none)"}' should be at-most-one or any when there are suggestions (at-most-one assumed)");

        List<CdsCoding> reasons = [];
        if (node["overrideReasons"] is JsonArray reasonArray)
            foreach (var reason in reasonArray)
                if (Coding(reason as JsonObject) is { } coding) reasons.Add(coding);
                else warnings.Add($"{name}: an override reason without a code is ignored");

        List<CdsLink> links = [];
        if (node["links"] is JsonArray linkArray)
            foreach (var link in linkArray.OfType<JsonObject>())
            {
                var label = Text(link, "label");
                var url = Text(link, "url");
                var type = Text(link, "type");
                if (string.IsNullOrWhiteSpace(label) || !IsHttpUrl(url) || type is not ("absolute" or "smart"))
                {
                    warnings.Add($"{name}: link '{label}' ignored (it needs a label, an absolute http(s) url and type absolute or smart)");
                    continue;
                }
                links.Add(new CdsLink(label, url!, type, Text(link, "appContext")));
            }

        return (new CdsCard
        {
            Uuid = uuid,
            Summary = summary,
            Detail = Text(node, "detail"),
            Indicator = indicator,
            Source = new CdsSource(Text(source, "label")!, IsHttpUrl(Text(source, "url")) ? Text(source, "url") : null,
                IsHttpUrl(Text(source, "icon")) ? Text(source, "icon") : null, Coding(source["topic"] as JsonObject)),
            Suggestions = suggestions,
            SelectionBehavior = suggestions.Count == 0 ? selectionBehavior : selectionBehavior is "any" ? "any" : "at-most-one",
            OverrideReasons = reasons,
            Links = links,
        }, null);
    }

    private static CdsSuggestion? Suggestion(JsonObject? node, string name, List<string> warnings)
    {
        if (node is null || string.IsNullOrWhiteSpace(Text(node, "label")))
        {
            warnings.Add($"{name} ignored: it has no label");
            return null;
        }
        List<CdsAction> actions = [];
        if (node["actions"] is JsonArray actionArray)
            for (var a = 0; a < actionArray.Count; a++)
            {
                var (action, problem) = Action(actionArray[a] as JsonObject, warnings, $"{name} action {a + 1}");
                if (action is null)
                {
                    // A suggestion is taken whole or not at all: with one unusable action it cannot be accepted.
                    warnings.Add($"{name} ignored: action {a + 1} {problem}");
                    return null;
                }
                actions.Add(action);
            }
        if (Text(node, "uuid") is null) warnings.Add($"{name}: no uuid, so its acceptance cannot be reported in feedback");
        return new CdsSuggestion(Text(node, "label")!, Text(node, "uuid"), node["isRecommended"] is JsonValue r && r.TryGetValue<bool>(out var rec) && rec, actions);
    }

    private static (CdsAction?, string?) Action(JsonObject? node, List<string> warnings, string name)
    {
        if (node is null) return (null, "is not an object");
        var type = Text(node, "type");
        var resource = node["resource"] as JsonObject;
        List<string> ids = [];
        switch (node["resourceId"])
        {
            case JsonValue value when value.TryGetValue<string>(out var id): ids.Add(id); break;
            case JsonArray list: ids.AddRange(list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()); break;
        }
        switch (type)
        {
            case "create" or "update" when resource is null || Text(resource, "resourceType") is null:
                return (null, $"({type}) has no resource");
            case "update" when Text(resource!, "id") is null:
                return (null, "(update) has a resource without an id");
            case "delete" when ids.Count == 0 && (resource is null || Text(resource, "id") is null):
                return (null, "(delete) names no resource (resourceId)");
            case "create" or "update" or "delete":
                break;
            default:
                return (null, $"has type '{type ?? "(none)"}', not create, update or delete");
        }
        if (ids.Any(id => id.Trim('/').Split('/').Length != 2)) return (null, $"({type}) has a resourceId that is not Type/id");
        if (Text(node, "description") is null) warnings.Add($"{name}: no description");
        return (new CdsAction(type, Text(node, "description"), resource, ids), null);
    }

    private static CdsCoding? Coding(JsonObject? node) =>
        node is not null && Text(node, "code") is { Length: > 0 } code ? new CdsCoding(Text(node, "system"), code, Text(node, "display")) : null;

    internal static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? Text(JsonObject node, string name) => CdsDiscoveryDocument.Text(node, name);
}
