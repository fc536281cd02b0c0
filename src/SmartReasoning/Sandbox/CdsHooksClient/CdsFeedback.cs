using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>The feedback body (CDS Hooks 2.0 §Feedback): what the user did with a card.</summary>
public static class CdsFeedback
{
    public static JsonObject Accepted(string cardUuid, IEnumerable<string> suggestionUuids, DateTimeOffset when) => Wrap(new JsonObject
    {
        ["card"] = cardUuid,
        ["outcome"] = "accepted",
        ["acceptedSuggestions"] = new JsonArray([.. suggestionUuids.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
        ["outcomeTimestamp"] = Timestamp(when),
    });

    public static JsonObject Overridden(string cardUuid, CdsCoding? reason, string? userComment, DateTimeOffset when)
    {
        var item = new JsonObject { ["card"] = cardUuid, ["outcome"] = "overridden" };
        if (reason is not null || !string.IsNullOrWhiteSpace(userComment))
        {
            var overrideReason = new JsonObject();
            if (reason is not null) overrideReason["reason"] = reason.ToJson();
            if (!string.IsNullOrWhiteSpace(userComment)) overrideReason["userComment"] = userComment.Trim();
            item["overrideReason"] = overrideReason;
        }
        item["outcomeTimestamp"] = Timestamp(when);
        return Wrap(item);
    }

    private static JsonObject Wrap(JsonObject item) => new() { ["feedback"] = new JsonArray(item) };

    private static string Timestamp(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
