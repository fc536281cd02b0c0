using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// The lexical rules of the primitive types (from their R4 definitions' regexes, with the checks a regex cannot
/// make: real calendar dates, integer ranges, base64 decoding, the 1 MB string limit), maxLength, minValue and
/// maxValue, and the Attachment size.
/// </summary>
internal sealed partial class PrimitiveValidator(ValidationRun run)
{
    private const int MaxStringBytes = 1024 * 1024;

    [GeneratedRegex(@"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$")]
    private static partial Regex InstantRegex();

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?$")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"^[^ \t\r\n]+( [^ \t\r\n]+)*$")]
    private static partial Regex CodeRegex();

    [GeneratedRegex(@"^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidRegex();

    [GeneratedRegex(@"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"<[a-zA-Z/]{2}")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex DecimalRegex();

    public void Validate(JsonElement value, string type, ElementNode def, ElementPath path, ResourceScope scope)
    {
        var outcome = run.Outcome;
        switch (type)
        {
            case "boolean" or "System.Boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    outcome.Add(ValidationMessages.WrongJsonType, path, def.Name, "a JSON boolean", value.ValueKind);
                return;
            case "integer" or "positiveInt" or "unsignedInt" or "System.Integer":
                CheckInteger(value, type, def, path);
                return;
            case "decimal" or "System.Decimal":
                if (value.ValueKind != JsonValueKind.Number || !DecimalRegex().IsMatch(value.GetRawText()))
                    outcome.Add(ValidationMessages.InvalidPrimitive, path, value.GetRawText(), "decimal");
                else CheckRange(value.GetRawText(), def, path, decimalValue: true);
                return;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            outcome.Add(ValidationMessages.WrongJsonType, path, def.Name, "a JSON string", value.ValueKind);
            return;
        }
        // A string needs only its length: for plain ASCII without escapes (most), the byte count, without making the string.
        if (type == "string" && def.BasePath != "Resource.id" && PlainAsciiLength(value) is { } length)
        {
            if (length == 0) outcome.Add(ValidationMessages.EmptyString, path);
            else
            {
                if (length > MaxStringBytes) outcome.Add(ValidationMessages.StringTooLong, path);
                if (def.MaxLength is { } maxLength && length > maxLength) outcome.Add(ValidationMessages.MaxLength, path, maxLength);
            }
            return;
        }
        var text = value.GetString()!;
        if (text.Length == 0)
        {
            outcome.Add(ValidationMessages.EmptyString, path);
            return;
        }
        if (type != "xhtml" && text.Length > MaxStringBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(text) > MaxStringBytes)
            outcome.Add(ValidationMessages.StringTooLong, path);
        if (def.MaxLength is { } max && text.Length > max)
            outcome.Add(ValidationMessages.MaxLength, path, max);
        if (def.BasePath == "Resource.id")
        {
            if (text.Length > 64) outcome.Add(ValidationMessages.IdTooLong, path, text.Length);
            else if (!IdRegex().IsMatch(text)) outcome.Add(ValidationMessages.InvalidId, path, text);
            return;
        }
        switch (type)
        {
            case "id" when !IdRegex().IsMatch(text):
                outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "id");
                break;
            case "code" when !CodeRegex().IsMatch(text):
                outcome.Add(ValidationMessages.CodeWhitespace, path, text);
                break;
            case "date":
                if (!DateRegex().IsMatch(text) || !IsRealDate(text)) outcome.Add(ValidationMessages.NotValidDate, path, text);
                else CheckRange(text, def, path, decimalValue: false);
                break;
            case "dateTime":
                if (!DateTimeRegex().IsMatch(text) || !IsRealDate(text)) outcome.Add(ValidationMessages.NotValidDate, path, text);
                else if (text.Contains('T', StringComparison.Ordinal) && !HasZone(text)) outcome.Add(ValidationMessages.DateTimeNeedsTimezone, path);
                else CheckRange(text, def, path, decimalValue: false);
                break;
            case "instant" when !InstantRegex().IsMatch(text) || !IsRealDate(text):
                outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "instant");
                break;
            case "time":
                if (!TimeRegex().IsMatch(text)) outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "time");
                else CheckRange(text, def, path, decimalValue: false);
                break;
            case "oid" when !OidRegex().IsMatch(text):
                outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "oid");
                break;
            case "uuid" when !UuidRegex().IsMatch(text):
                outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "uuid");
                break;
            case "uri" or "url" or "canonical":
                if (HasWhiteSpace(text)) outcome.Add(ValidationMessages.UriWhitespace, path, text);
                else if (text.StartsWith("urn:oid:", StringComparison.Ordinal) && !OidRegex().IsMatch(type == "canonical" ? ConformanceResources.StripVersion(text) : text)) outcome.Add(ValidationMessages.InvalidPrimitive, path, text, "oid");
                else if (!run.Options.AllowExampleUrls && IsExampleUrl(text) && def.BasePath is "Attachment.url" or "Extension.url")
                    outcome.Add(ValidationMessages.ExampleUrl, path, text);
                if (def.BasePath == "Coding.system" && !text.Contains(':', StringComparison.Ordinal)) outcome.Add(ValidationMessages.AbsoluteSystem, path);
                break;
            case "base64Binary":
                if (!IsBase64(text)) outcome.Add(ValidationMessages.InvalidBase64, path, text.Length > 50 ? text[..50] + "..." : text);
                break;
            case "markdown" when run.Options.NoHtmlInMarkdown && HtmlTag().Match(text) is { Success: true } tag:
                outcome.Add(ValidationMessages.HtmlInMarkdown, path, tag.Value);
                break;
            case "xhtml":
                run.Xhtml.Check(text, path);
                break;
        }
    }

    private static int? PlainAsciiLength(JsonElement value)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"') raw = raw[1..^1];
        return raw.IndexOf((byte)'\\') < 0 && System.Text.Ascii.IsValid(raw) ? raw.Length : null;
    }

    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
            if (char.IsWhiteSpace(c)) return true;
        return false;
    }

    internal static bool IsExampleUrl(string url) =>
        url.Contains("example.org", StringComparison.Ordinal) || url.Contains("example.com", StringComparison.Ordinal) || url.Contains("acme.com", StringComparison.Ordinal);

    // Enough of UCUM to compare quantities of mass, length, volume and time given in different units.
    private static readonly Dictionary<string, (string Dimension, decimal Factor)> Units = new(StringComparer.Ordinal)
    {
        ["g"] = ("mass", 1m), ["kg"] = ("mass", 1000m), ["mg"] = ("mass", 0.001m), ["ug"] = ("mass", 0.000001m),
        ["m"] = ("length", 1m), ["cm"] = ("length", 0.01m), ["mm"] = ("length", 0.001m), ["km"] = ("length", 1000m),
        ["L"] = ("volume", 1m), ["dL"] = ("volume", 0.1m), ["mL"] = ("volume", 0.001m),
        ["s"] = ("time", 1m), ["min"] = ("time", 60m), ["h"] = ("time", 3600m), ["d"] = ("time", 86400m),
    };

    /// <summary>minValueQuantity / maxValueQuantity: same unit, or units of one dimension that UCUM converts simply.</summary>
    public void CheckQuantityRange(JsonElement quantity, ElementNode def, ElementPath path)
    {
        if (def.MinValue is null && def.MaxValue is null) return;
        if (!quantity.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number) return;
        if (def.MinValue is { ValueKind: JsonValueKind.Object } min && Compare(v.GetDecimal(), quantity.Str("code"), min) is < 0)
            run.Outcome.Add(ValidationMessages.QuantityBelowMin, path, v.GetRawText(), quantity.Str("code"), min.GetProperty("value").GetRawText(), min.Str("code"));
        if (def.MaxValue is { ValueKind: JsonValueKind.Object } max && Compare(v.GetDecimal(), quantity.Str("code"), max) is > 0)
            run.Outcome.Add(ValidationMessages.QuantityAboveMax, path, v.GetRawText(), quantity.Str("code"), max.GetProperty("value").GetRawText(), max.Str("code"));
    }

    private static int? Compare(decimal value, string? code, JsonElement bound)
    {
        if (!bound.TryGetProperty("value", out var b) || b.ValueKind != JsonValueKind.Number) return null;
        var boundCode = bound.Str("code");
        if (code == boundCode) return value.CompareTo(b.GetDecimal());
        if (code is null || boundCode is null || !Units.TryGetValue(code, out var u) || !Units.TryGetValue(boundCode, out var ub) || u.Dimension != ub.Dimension) return null;
        return (value * u.Factor).CompareTo(b.GetDecimal() * ub.Factor);
    }

    public void CheckAttachment(JsonElement attachment, ElementPath path)
    {
        if (attachment.Str("data") is not { } data || !attachment.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number) return;
        if (!IsBase64(data)) return;
        var actual = Convert.FromBase64String(StripWhitespace(data)).Length;
        if (size.TryGetInt64(out var stated) && stated != actual)
            run.Outcome.Add(ValidationMessages.AttachmentSize, path, stated, actual);
    }

    private void CheckInteger(JsonElement value, string type, ElementNode def, ElementPath path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n) || value.GetRawText().Contains('.', StringComparison.Ordinal))
        {
            run.Outcome.Add(ValidationMessages.InvalidPrimitive, path, value.GetRawText(), type);
            return;
        }
        var (min, max) = type switch
        {
            "positiveInt" => (1L, (long)int.MaxValue),
            "unsignedInt" => (0L, (long)int.MaxValue),
            _ => ((long)int.MinValue, (long)int.MaxValue),
        };
        if (n < min || n > max) run.Outcome.Add(ValidationMessages.IntegerRange, path, value.GetRawText(), type);
        else CheckRange(value.GetRawText(), def, path, decimalValue: true);
    }

    // minValue/maxValue of numbers, dates and times, compared in their own order (dates as text of equal precision).
    private void CheckRange(string text, ElementNode def, ElementPath path, bool decimalValue)
    {
        if (def.MinValue is null && def.MaxValue is null) return;
        if (decimalValue)
        {
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return;
            if (def.MinValue is { ValueKind: JsonValueKind.Number } lo && d < lo.GetDecimal()) run.Outcome.Add(ValidationMessages.BelowMinValue, path, text, lo.GetRawText());
            if (def.MaxValue is { ValueKind: JsonValueKind.Number } hi && d > hi.GetDecimal()) run.Outcome.Add(ValidationMessages.AboveMaxValue, path, text, hi.GetRawText());
            return;
        }
        if (def.MinValueType == "Duration" && def.MinValue is { } minAgo && Relative(minAgo, -1) is var (lowest, minText) && Compare(text, lowest) < 0)
            run.Outcome.Add(ValidationMessages.BelowMinDuration, path, text, minText, lowest);
        if (def.MaxValueType == "Duration" && def.MaxValue is { } maxAhead && Relative(maxAhead, 1) is var (highest, maxText) && Compare(text, highest) > 0)
            run.Outcome.Add(ValidationMessages.AboveMaxDuration, path, text, maxText, highest);
        if (def.MinValue is { ValueKind: JsonValueKind.String } min && Compare(text, min.GetString()!) < 0)
            run.Outcome.Add(ValidationMessages.BelowMinValue, path, text, min.GetString());
        if (def.MaxValue is { ValueKind: JsonValueKind.String } max && Compare(text, max.GetString()!) > 0)
            run.Outcome.Add(ValidationMessages.AboveMaxValue, path, text, max.GetString());
    }

    // A Duration bound (minValueDuration: 100 a) as the UTC dateTime it names, now minus (sign -1) or plus it; null when unusable.
    private (string Bound, string Duration)? Relative(JsonElement duration, int sign)
    {
        if (duration.ValueKind != JsonValueKind.Object || !duration.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number) return null;
        var amount = sign * (double)v.GetDecimal();
        var code = duration.Str("code") ?? duration.Str("unit");
        var now = run.Options.Clock.GetUtcNow();
        DateTimeOffset bound;
        try
        {
            bound = code switch
            {
                "a" => now.AddMonths(checked((int)Math.Round(amount * 12))),
                "mo" => now.AddMonths(checked((int)Math.Round(amount))),
                "wk" => now.AddDays(amount * 7),
                "d" => now.AddDays(amount),
                "h" => now.AddHours(amount),
                "min" => now.AddMinutes(amount),
                "s" => now.AddSeconds(amount),
                "ms" => now.AddMilliseconds(amount),
                _ => now,
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
        if (bound == now) return null;
        return (bound.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), v.GetRawText() + code);
    }

    private static int Compare(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        return string.CompareOrdinal(a[..n], b[..n]);
    }

    private static bool HasZone(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        return text.EndsWith('Z') || text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0;
    }

    private static bool IsRealDate(string text)
    {
        if (text.Length < 10) return true;
        return DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static string StripWhitespace(string text) => text.Any(char.IsWhiteSpace) ? string.Concat(text.Where(c => !char.IsWhiteSpace(c))) : text;

    private static bool IsBase64(string text)
    {
        var s = StripWhitespace(text);
        if (s.Length % 4 != 0) return false;
        var buffer = s.Length <= 4096 ? stackalloc byte[s.Length] : new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out _);
    }
}
