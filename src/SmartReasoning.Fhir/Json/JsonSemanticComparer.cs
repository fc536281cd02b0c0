using System.Text.Json;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// Compares two JSON documents for meaning: object property order is ignored, array order is not,
/// strings compare by their decoded value and numbers by their exact text (so <c>1.0</c> differs from <c>1</c>,
/// as FHIR decimals do).
/// </summary>
public static class JsonSemanticComparer
{
    /// <summary>The differences between two JSON values, at most <paramref name="max"/>, each with its JSON path.</summary>
    public static IReadOnlyList<string> Differences(JsonElement expected, JsonElement actual, int max = 10)
    {
        List<string> differences = [];
        Compare(expected, actual, "$", differences, max);
        return differences;
    }

    public static bool AreEquivalent(JsonElement expected, JsonElement actual) => Differences(expected, actual, 1).Count == 0;

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences, int max)
    {
        if (differences.Count >= max) return;
        if (expected.ValueKind != actual.ValueKind) // also tells true from false
        {
            differences.Add($"{path}: expected {Show(expected)}, found {Show(actual)}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualProperties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in actual.EnumerateObject()) actualProperties.TryAdd(p.Name, p.Value);
                var expectedNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in expected.EnumerateObject())
                {
                    expectedNames.Add(p.Name);
                    if (actualProperties.TryGetValue(p.Name, out var a)) Compare(p.Value, a, $"{path}.{p.Name}", differences, max);
                    else if (differences.Count < max) differences.Add($"{path}.{p.Name}: missing (expected {Show(p.Value)})");
                }
                foreach (var name in actualProperties.Keys)
                    if (!expectedNames.Contains(name) && differences.Count < max)
                        differences.Add($"{path}.{name}: unexpected {Show(actualProperties[name])}");
                break;
            case JsonValueKind.Array:
                var expectedLength = expected.GetArrayLength();
                var actualLength = actual.GetArrayLength();
                if (expectedLength != actualLength)
                    differences.Add($"{path}: expected {expectedLength} items, found {actualLength}");
                for (var i = 0; i < Math.Min(expectedLength, actualLength); i++)
                    Compare(expected[i], actual[i], $"{path}[{i}]", differences, max);
                break;
            case JsonValueKind.String:
                if (!string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal))
                    differences.Add($"{path}: expected {Show(expected)}, found {Show(actual)}");
                break;
            case JsonValueKind.Number:
                if (expected.GetRawText() != actual.GetRawText())
                    differences.Add($"{path}: expected {expected.GetRawText()}, found {actual.GetRawText()}");
                break;
            default: // true, false, null: the same kind is the same value
                break;
        }
    }

    private static string Show(JsonElement e)
    {
        var text = e.ValueKind == JsonValueKind.Object ? "an object" : e.ValueKind == JsonValueKind.Array ? "an array" : e.GetRawText();
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
