using System.Globalization;
using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// <c>fixed[x]</c> (the value must be exactly this: nothing more, nothing different) and <c>pattern[x]</c> (the
/// value must contain this: every property of the pattern present and equal; each item of a pattern array
/// matched by some item of the instance's), compared on the JSON.
/// </summary>
internal sealed class FixedPatternValidator(ValidationRun run)
{
    public void Check(JsonElement value, ElementNode def, ElementPath path)
    {
        if (def.Fixed is { } fixedValue) CheckFixed(value, fixedValue, path);
        if (def.Pattern is { } pattern && !Matches(value, pattern))
            run.Outcome.Add(ValidationMessages.PatternMismatch, path, def.Display, Show(pattern));
    }

    private void CheckFixed(JsonElement value, JsonElement fixedValue, ElementPath path)
    {
        if (fixedValue.ValueKind != JsonValueKind.Object || value.ValueKind != JsonValueKind.Object)
        {
            if (!PrimitiveEquals(value, fixedValue)) run.Outcome.Add(ValidationMessages.FixedValue, path, Show(value), Show(fixedValue));
            return;
        }
        foreach (var p in fixedValue.EnumerateObject())
        {
            if (!value.TryGetProperty(p.Name, out var v)) run.Outcome.Add(ValidationMessages.FixedMissing, path, p.Name, Show(p.Value));
            else if (!Equal(v, p.Value)) run.Outcome.Add(ValidationMessages.FixedValue, $"{path}.{p.Name}", Show(v), Show(p.Value));
        }
        foreach (var p in value.EnumerateObject())
            if (!fixedValue.TryGetProperty(p.Name, out _) && p.Name is not ("extension" or "id" or "fhir_comments"))
                run.Outcome.Add(ValidationMessages.FixedExtra, $"{path}.{p.Name}", p.Name);
    }

    /// <summary>True when <paramref name="value"/> contains <paramref name="pattern"/>.</summary>
    public static bool Matches(JsonElement value, JsonElement pattern)
    {
        switch (pattern.ValueKind)
        {
            case JsonValueKind.Object:
                if (value.ValueKind != JsonValueKind.Object) return false;
                foreach (var p in pattern.EnumerateObject())
                    if (!value.TryGetProperty(p.Name, out var v) || !Matches(v, p.Value)) return false;
                return true;
            case JsonValueKind.Array:
                if (value.ValueKind != JsonValueKind.Array) return pattern.GetArrayLength() == 1 && Matches(value, pattern[0]);
                foreach (var item in pattern.EnumerateArray())
                    if (!value.EnumerateArray().Any(v => Matches(v, item))) return false;
                return true;
            default:
                return PrimitiveEquals(value, pattern);
        }
    }

    /// <summary>Exact equality of two JSON values (numbers by value).</summary>
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            var pa = a.EnumerateObject().ToList();
            if (pa.Count != b.EnumerateObject().Count()) return false;
            return pa.All(p => b.TryGetProperty(p.Name, out var v) && Equal(p.Value, v));
        }
        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
            return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Equal(p.First, p.Second));
        return PrimitiveEquals(a, b);
    }

    private static bool PrimitiveEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
            return decimal.TryParse(a.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                   && decimal.TryParse(b.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var y) ? x == y : a.GetRawText() == b.GetRawText();
        if (a.ValueKind != b.ValueKind) return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() == b.GetString(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
            _ => a.GetRawText() == b.GetRawText(),
        };
    }

    internal static string Show(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
