using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartReasoning.Tests.Launch;

/// <summary>
/// A JSON Schema (2020-12) validator for the keywords our schemas use: type (one or a list), required, properties,
/// additionalProperties false, enum, pattern and minLength. Any other keyword fails loudly, so a schema cannot
/// silently outgrow it. (No JSON Schema package restores here.)
/// </summary>
internal static class JsonSchemaSubset
{
    private static readonly HashSet<string> Supported =
        ["$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties", "enum", "pattern", "minLength"];

    /// <summary>Every violation, as "location: message"; empty when <paramref name="instance"/> is valid.</summary>
    public static List<string> Validate(JsonElement schema, JsonElement instance, string location = "$")
    {
        List<string> errors = [];
        foreach (var keyword in schema.EnumerateObject())
            if (!Supported.Contains(keyword.Name)) throw new NotSupportedException($"schema keyword '{keyword.Name}' at {location}");

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Any(t => IsType(instance, t))) errors.Add($"{location}: expected {string.Join(" or ", allowed)}, found {instance.ValueKind}");
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
            errors.Add($"{location}: {instance.GetRawText()} is not one of {values.GetRawText()}");
        if (instance.ValueKind == JsonValueKind.String)
        {
            var text = instance.GetString()!;
            if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32()) errors.Add($"{location}: shorter than {min.GetInt32()}");
            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                errors.Add($"{location}: '{text}' does not match {pattern.GetString()}");
        }
        if (instance.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!instance.TryGetProperty(name, out _)) errors.Add($"{location}: '{name}' is required");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var property in instance.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    errors.AddRange(Validate(propertySchema, property.Value, $"{location}.{property.Name}"));
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                    errors.Add($"{location}: '{property.Name}' is not allowed");
            }
        }
        return errors;
    }

    private static bool IsType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
