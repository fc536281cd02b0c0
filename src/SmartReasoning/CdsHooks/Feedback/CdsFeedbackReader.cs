using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.CdsHooks.Feedback;

/// <summary>
/// Reads a feedback post: <c>{"feedback": [{card, outcome: accepted|overridden, acceptedSuggestions: [{id}],
/// overrideReason: {reason: Coding, userComment}, outcomeTimestamp}]}</c>. Accepted needs its accepted suggestions;
/// every item needs a card and a timestamp. Every problem is named.
/// </summary>
public static class CdsFeedbackReader
{
    public static (IReadOnlyList<CdsFeedbackItem> Items, IReadOnlyList<string> Problems) Read(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return ([], [$"the body is not JSON ({ex.Message})"]);
        }
        if (root is not JsonObject { } o || o["feedback"] is not JsonArray list || list.Count == 0)
            return ([], ["the body must be an object with a non-empty \"feedback\" array"]);
        List<CdsFeedbackItem> items = [];
        List<string> problems = [];
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"feedback[{i}]";
            if (list[i] is not JsonObject item)
            {
                problems.Add($"{where} is not an object");
                continue;
            }
            var card = Text(item, "card");
            var outcome = Text(item, "outcome");
            var timestamp = Text(item, "outcomeTimestamp");
            if (string.IsNullOrWhiteSpace(card)) problems.Add($"{where}.card is required");
            if (outcome is not ("accepted" or "overridden")) problems.Add($"{where}.outcome must be accepted or overridden");
            if (timestamp is null || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                problems.Add($"{where}.outcomeTimestamp is required (an ISO 8601 date-time)");
                when = default;
            }
            List<string> accepted = [];
            if (item["acceptedSuggestions"] is JsonArray suggestions)
                foreach (var s in suggestions)
                    if (s is JsonObject so && Text(so, "id") is { Length: > 0 } id) accepted.Add(id);
                    else problems.Add($"{where}.acceptedSuggestions must hold objects with an id");
            if (outcome == "accepted" && accepted.Count == 0) problems.Add($"{where}: an accepted outcome needs acceptedSuggestions");
            string? system = null, code = null, comment = null;
            if (item["overrideReason"] is JsonObject reason)
            {
                if (reason["reason"] is JsonObject coding)
                {
                    system = Text(coding, "system");
                    code = Text(coding, "code");
                }
                comment = Text(reason, "userComment");
            }
            if (card is not null && outcome is not null) items.Add(new CdsFeedbackItem(card, outcome, accepted, code, system, comment, when));
        }
        return problems.Count > 0 ? ([], problems) : (items, []);
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
