using System.Text.Json.Nodes;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// The JSON schema of the model's answer, for <c>response_format: json_schema</c> with <c>strict: true</c>: every
/// property required, no others allowed, nullable values as <c>["string","null"]</c> (or <c>anyOf</c> with null for an
/// object). Finding kinds are read from <see cref="FindingKinds.All"/> when the schema is built, so new kinds need no
/// change here. <see cref="FindingsAnswer"/> checks answers against this same shape.
/// </summary>
internal static class FindingsSchema
{
    public const string Name = "clinical_findings";

    public static readonly string[] Severities = ["info", "warning", "critical"];

    public static readonly string[] ActionKinds = ["cancel-draft-order", "replace-draft-order", "order-test", "add-problem"];

    public static readonly string[] CodeSystems = [CodeSystemUrls.Loinc, CodeSystemUrls.Snomed, CodeSystemUrls.RxNorm];

    public static IReadOnlyList<string> KindCodes() => [.. FindingKinds.All.Select(k => k.Code)];

    public static JsonObject Build()
    {
        var code = Strict(new JsonObject
        {
            ["system"] = Enum(CodeSystems),
            ["code"] = Type("string"),
            ["display"] = Type("string"),
        });
        var action = Strict(new JsonObject
        {
            ["kind"] = Enum(ActionKinds),
            ["description"] = Type("string"),
            ["orderReference"] = new JsonObject { ["type"] = new JsonArray("string", "null"), ["description"] = "DraftOrder/n of the draft order acted on, or null" },
            ["code"] = new JsonObject { ["anyOf"] = new JsonArray(code, Type("null")) },
        });
        var finding = Strict(new JsonObject
        {
            ["kind"] = Enum(KindCodes()),
            ["title"] = Described("string", "a headline under 140 characters, no identifiers"),
            ["severity"] = Enum(Severities),
            ["rationale"] = Described("string", "Markdown: the reasoning, citing the facts by their ids"),
            ["evidence"] = new JsonObject { ["type"] = "array", ["items"] = Type("string"), ["description"] = "ids exactly as they appear in the context" },
            ["suggestedActions"] = new JsonObject { ["type"] = "array", ["items"] = action },
            ["source"] = Strict(new JsonObject { ["name"] = Type("string"), ["url"] = Type("string") }),
            ["confidence"] = Described("number", "from 0 to 1"),
        });
        return Strict(new JsonObject { ["findings"] = new JsonObject { ["type"] = "array", ["items"] = finding } });
    }

    /// <summary>The <c>response_format</c> member of the request.</summary>
    public static JsonObject ResponseFormat() => new()
    {
        ["type"] = "json_schema",
        ["json_schema"] = new JsonObject { ["name"] = Name, ["strict"] = true, ["schema"] = Build() },
    };

    private static JsonObject Strict(JsonObject properties) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray([.. properties.Select(p => (JsonNode?)JsonValue.Create(p.Key))]),
        ["additionalProperties"] = false,
    };

    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static JsonObject Described(string type, string description) => new() { ["type"] = type, ["description"] = description };

    private static JsonObject Enum(IEnumerable<string> values) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]) };
}
