using System.Text.Json.Nodes;

namespace SmartReasoning.Reason;

/// <summary>
/// A reasoning result as JSON, as <c>smartreasoning reason --json</c> prints it and the integration API answers it:
/// <c>{"findings":[{"kind","title","severity","evidence":["Type/id"],"reasoner"}],"reasoner":{"name","version"},"notes":[..]}</c>;
/// with <c>detailed</c>, each finding also has its rationale, confidence and guideline.
/// </summary>
public static class ReasoningJson
{
    public static JsonObject ToJson(ReasoningResult result, bool detailed = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["findings"] = new JsonArray([.. result.Findings.Select(f => (JsonNode)Finding(f, detailed))]),
            ["reasoner"] = new JsonObject { ["name"] = result.Reasoner.Name, ["version"] = result.Reasoner.Version },
            ["notes"] = new JsonArray([.. result.Notes.Select(n => (JsonNode)JsonValue.Create(n))]),
        };
    }

    private static JsonObject Finding(Finding finding, bool detailed)
    {
        var json = new JsonObject
        {
            ["kind"] = finding.Kind.Code,
            ["title"] = finding.Title,
            ["severity"] = finding.Severity.Code(),
            ["evidence"] = new JsonArray([.. finding.Evidence.Select(e => (JsonNode)JsonValue.Create(e))]),
            ["reasoner"] = finding.Reasoner,
        };
        if (!detailed) return json;
        json["rationale"] = finding.Rationale;
        json["confidence"] = finding.Confidence;
        json["guideline"] = new JsonObject { ["name"] = finding.Source.Name, ["url"] = finding.Source.Url };
        return json;
    }
}
