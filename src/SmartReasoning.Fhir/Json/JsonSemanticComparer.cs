using System.Text;
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
        var walk = new Walk(max);
        walk.Compare(expected, actual);
        return walk.Found;
    }

    public static bool AreEquivalent(JsonElement expected, JsonElement actual) => Differences(expected, actual, 1).Count == 0;

    /// <summary>One comparison; the path is a stack of segments, turned into text only for a difference.</summary>
    private sealed class Walk(int max)
    {
        private readonly List<string> _path = [];

        public List<string> Found { get; } = [];

        private bool Full => Found.Count >= max;

        public void Compare(JsonElement expected, JsonElement actual)
        {
            if (Full) return;
            if (expected.ValueKind != actual.ValueKind) // also tells true from false
            {
                Add($"expected {Show(expected)}, found {Show(actual)}");
                return;
            }
            switch (expected.ValueKind)
            {
                case JsonValueKind.Object: CompareObjects(expected, actual); break;
                case JsonValueKind.Array: CompareArrays(expected, actual); break;
                case JsonValueKind.String:
                    if (!actual.ValueEquals(expected.GetString())) Add($"expected {Show(expected)}, found {Show(actual)}");
                    break;
                case JsonValueKind.Number:
                    if (expected.GetRawText() != actual.GetRawText()) Add($"expected {expected.GetRawText()}, found {actual.GetRawText()}");
                    break;
                default: // true, false, null: the same kind is the same value
                    break;
            }
        }

        private void CompareObjects(JsonElement expected, JsonElement actual)
        {
            Dictionary<string, JsonElement>? actualByName = null;
            var matched = 0;
            foreach (var p in expected.EnumerateObject())
            {
                actualByName ??= Index(actual);
                _path.Add("." + p.Name);
                if (actualByName.TryGetValue(p.Name, out var a))
                {
                    matched++;
                    Compare(p.Value, a);
                }
                else Add($"missing (expected {Show(p.Value)})");
                _path.RemoveAt(_path.Count - 1);
                if (Full) return;
            }
            if (matched == (actualByName?.Count ?? Index(actual).Count)) return;
            var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var p in actual.EnumerateObject())
            {
                if (expectedNames.Contains(p.Name)) continue;
                _path.Add("." + p.Name);
                Add($"unexpected {Show(p.Value)}");
                _path.RemoveAt(_path.Count - 1);
            }
        }

        private static Dictionary<string, JsonElement> Index(JsonElement obj)
        {
            var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in obj.EnumerateObject()) map.TryAdd(p.Name, p.Value);
            return map;
        }

        private void CompareArrays(JsonElement expected, JsonElement actual)
        {
            var expectedLength = expected.GetArrayLength();
            var actualLength = actual.GetArrayLength();
            if (expectedLength != actualLength) Add($"expected {expectedLength} items, found {actualLength}");
            // Walk both arrays together: JsonElement's indexer is not constant-time on arrays of objects.
            using var e = expected.EnumerateArray();
            using var a = actual.EnumerateArray();
            for (var i = 0; e.MoveNext() && a.MoveNext() && !Full; i++)
            {
                _path.Add($"[{i}]");
                Compare(e.Current, a.Current);
                _path.RemoveAt(_path.Count - 1);
            }
        }

        private void Add(string message)
        {
            if (Full) return;
            var path = new StringBuilder("$");
            foreach (var segment in _path) path.Append(segment);
            Found.Add($"{path}: {message}");
        }

        private static string Show(JsonElement e)
        {
            var text = e.ValueKind switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => e.GetRawText(),
            };
            return text.Length > 60 ? text[..57] + "..." : text;
        }
    }
}
