using System.Text.Json;

namespace SmartReasoning.Reason.Model;

/// <summary>A suggested action as the model wrote it.</summary>
internal sealed record AnsweredAction(string Kind, string Description, string? OrderReference, AnsweredCode? Code);

/// <summary>A code as the model wrote it.</summary>
internal sealed record AnsweredCode(string System, string Code, string Display);

/// <summary>A finding as the model wrote it, before its bounds and evidence are checked.</summary>
internal sealed record AnsweredFinding(
    string Kind, string Title, string Severity, string Rationale, IReadOnlyList<string> Evidence,
    IReadOnlyList<AnsweredAction> SuggestedActions, string SourceName, string SourceUrl, double Confidence);

/// <summary>
/// Reads the model's answer and checks it against <see cref="FindingsSchema"/>, the fixed shape we asked for: JSON,
/// an object with exactly the required properties at every level, the right types, values from the enums. A strict
/// schema means any deviation shows the answer was not produced under it, so the whole answer is refused and the
/// first deviation named by its path (never its value, which could be anything).
/// </summary>
internal static class FindingsAnswer
{
    private static readonly string[] s_rootProperties = ["findings"];
    private static readonly string[] s_findingProperties = ["kind", "title", "severity", "rationale", "evidence", "suggestedActions", "source", "confidence"];
    private static readonly string[] s_actionProperties = ["kind", "description", "orderReference", "code"];
    private static readonly string[] s_codeProperties = ["system", "code", "display"];
    private static readonly string[] s_sourceProperties = ["name", "url"];

    /// <summary>The findings, or null with <paramref name="error"/> saying where the answer departs from the schema.</summary>
    public static IReadOnlyList<AnsweredFinding>? Parse(string content, IReadOnlyList<string> kinds, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var findings = Read(document.RootElement, kinds);
            error = null;
            return findings;
        }
        catch (JsonException)
        {
            error = "the answer is not JSON";
            return null;
        }
        catch (SchemaViolation violation)
        {
            error = violation.Message;
            return null;
        }
    }

    private static List<AnsweredFinding> Read(JsonElement root, IReadOnlyList<string> kinds)
    {
        Object(root, "$", s_rootProperties);
        var findings = new List<AnsweredFinding>();
        var i = 0;
        foreach (var item in Array(root.GetProperty("findings"), "$.findings"))
            findings.Add(Finding(item, $"$.findings[{i++}]", kinds));
        return findings;
    }

    private static AnsweredFinding Finding(JsonElement finding, string path, IReadOnlyList<string> kinds)
    {
        Object(finding, path, s_findingProperties);
        var evidence = new List<string>();
        var e = 0;
        foreach (var item in Array(finding.GetProperty("evidence"), path + ".evidence"))
            evidence.Add(String(item, $"{path}.evidence[{e++}]"));
        var actions = new List<AnsweredAction>();
        var a = 0;
        foreach (var item in Array(finding.GetProperty("suggestedActions"), path + ".suggestedActions"))
            actions.Add(Action(item, $"{path}.suggestedActions[{a++}]"));
        var source = finding.GetProperty("source");
        Object(source, path + ".source", s_sourceProperties);
        var confidence = finding.GetProperty("confidence");
        if (confidence.ValueKind != JsonValueKind.Number || !confidence.TryGetDouble(out var value))
            throw new SchemaViolation(path + ".confidence", "is not a number");
        return new AnsweredFinding(
            OneOf(finding.GetProperty("kind"), path + ".kind", kinds),
            String(finding.GetProperty("title"), path + ".title"),
            OneOf(finding.GetProperty("severity"), path + ".severity", FindingsSchema.Severities),
            String(finding.GetProperty("rationale"), path + ".rationale"),
            evidence,
            actions,
            String(source.GetProperty("name"), path + ".source.name"),
            String(source.GetProperty("url"), path + ".source.url"),
            value);
    }

    private static AnsweredAction Action(JsonElement action, string path)
    {
        Object(action, path, s_actionProperties);
        var code = action.GetProperty("code");
        AnsweredCode? answeredCode = null;
        if (code.ValueKind != JsonValueKind.Null)
        {
            Object(code, path + ".code", s_codeProperties);
            answeredCode = new AnsweredCode(
                OneOf(code.GetProperty("system"), path + ".code.system", FindingsSchema.CodeSystems),
                String(code.GetProperty("code"), path + ".code.code"),
                String(code.GetProperty("display"), path + ".code.display"));
        }
        var reference = action.GetProperty("orderReference");
        return new AnsweredAction(
            OneOf(action.GetProperty("kind"), path + ".kind", FindingsSchema.ActionKinds),
            String(action.GetProperty("description"), path + ".description"),
            reference.ValueKind == JsonValueKind.Null ? null : String(reference, path + ".orderReference"),
            answeredCode);
    }

    private static void Object(JsonElement element, string path, string[] properties)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new SchemaViolation(path, "is not an object");
        foreach (var property in element.EnumerateObject())
            if (System.Array.IndexOf(properties, property.Name) < 0) throw new SchemaViolation(path, "has a property the schema does not allow");
        foreach (var name in properties)
            if (!element.TryGetProperty(name, out _)) throw new SchemaViolation($"{path}.{name}", "is missing");
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new SchemaViolation(path, "is not an array");

    private static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new SchemaViolation(path, "is not a string");

    private static string OneOf(JsonElement element, string path, IReadOnlyList<string> allowed)
    {
        var value = String(element, path);
        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw new SchemaViolation(path, "is not one of the values the schema allows");
    }

    private sealed class SchemaViolation(string path, string problem) : Exception($"{path} {problem}");
}
