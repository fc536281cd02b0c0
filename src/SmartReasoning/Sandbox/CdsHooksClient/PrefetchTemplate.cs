using System.Text.RegularExpressions;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>A prefetch template's tokens (<c>{{context.patientId}}</c>, <c>{{userPractitionerId}}</c>...) replaced by their values.</summary>
public static partial class PrefetchTemplate
{
    /// <summary>The query with every token replaced, or the first token that has no value (then the key cannot be sent).</summary>
    public static (string? Query, string? MissingToken) Fill(string template, IReadOnlyDictionary<string, string> tokens)
    {
        ArgumentNullException.ThrowIfNull(template);
        string? missing = null;
        var query = Token().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            if (tokens.TryGetValue(name, out var value)) return Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);
            missing ??= name;
            return match.Value;
        });
        return missing is null ? (query.TrimStart('/'), null) : (null, missing);
    }

    [GeneratedRegex(@"\{\{\s*([^{}\s]+)\s*\}\}")]
    private static partial Regex Token();
}
