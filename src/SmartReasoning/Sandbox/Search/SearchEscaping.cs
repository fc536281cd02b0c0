using System.Text;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// The escaping of search values (R4 search §2.1.1.4): <c>\,</c>, <c>\|</c>, <c>\$</c> and <c>\\</c> stand for the
/// character itself, unescaped ',' separates OR alternatives, '|' the parts of a token or quantity, '$' composite parts.
/// </summary>
internal static class SearchEscaping
{
    /// <summary>Splits on each unescaped <paramref name="separator"/>, leaving escapes in the parts; at most <paramref name="maxParts"/> parts (the last holds the rest).</summary>
    public static List<string> Split(string value, char separator, int maxParts = int.MaxValue)
    {
        List<string> parts = [];
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\') i++; // skip the escaped character
            else if (value[i] == separator && parts.Count < maxParts - 1)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }
        parts.Add(value[start..]);
        return parts;
    }

    /// <summary>Removes the escapes; a backslash before any other character is kept as written.</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal)) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is ',' or '|' or '$' or '\\') i++;
            sb.Append(value[i]);
        }
        return sb.ToString();
    }
}
