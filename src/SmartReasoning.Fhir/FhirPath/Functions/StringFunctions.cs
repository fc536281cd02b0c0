using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>The string functions: indexOf, substring, startsWith, endsWith, contains, upper, lower, replace, matches,
/// replaceMatches, length, toChars, trim, split, join, encode, decode.</summary>
internal static class StringFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);

    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("indexOf", 1, 1, (focus, args, scope) => OnString(focus, "indexOf()", s =>
            Arguments.String(args[0], scope, "indexOf()") is { } sub ? s.IndexOf(sub, StringComparison.Ordinal) : null)));
        f.Add(new("substring", 1, 2, (focus, args, scope) => OnString(focus, "substring()", s =>
        {
            var start = Arguments.Single<int>(args[0], scope, "substring()");
            if (start is not { } st || st < 0 || st >= s.Length) return null;
            var length = args.Length > 1 ? Arguments.Single<int>(args[1], scope, "substring()") : null;
            if (args.Length > 1 && length is null) return s[st..];
            return length is { } l ? s.Substring(st, Math.Clamp(l, 0, s.Length - st)) : s[st..];
        })));
        f.Add(new("startsWith", 1, 1, (focus, args, scope) => OnString(focus, "startsWith()", s =>
            Arguments.String(args[0], scope, "startsWith()") is { } p ? s.StartsWith(p, StringComparison.Ordinal) : null)));
        f.Add(new("endsWith", 1, 1, (focus, args, scope) => OnString(focus, "endsWith()", s =>
            Arguments.String(args[0], scope, "endsWith()") is { } p ? s.EndsWith(p, StringComparison.Ordinal) : null)));
        f.Add(new("contains", 1, 1, (focus, args, scope) => OnString(focus, "contains()", s =>
            Arguments.String(args[0], scope, "contains()") is { } p ? s.Contains(p, StringComparison.Ordinal) : null)));
        f.Add(new("upper", 0, 0, (focus, _, _) => OnString(focus, "upper()", s => s.ToUpperInvariant())));
        f.Add(new("lower", 0, 0, (focus, _, _) => OnString(focus, "lower()", s => s.ToLowerInvariant())));
        f.Add(new("replace", 2, 2, (focus, args, scope) => OnString(focus, "replace()", s =>
        {
            var pattern = Arguments.String(args[0], scope, "replace()");
            var replacement = Arguments.String(args[1], scope, "replace()");
            if (pattern is null || replacement is null) return null;
            // An empty pattern inserts the replacement around every character (spec 5.6.8).
            return pattern.Length == 0
                ? replacement + string.Join(replacement, s.Select(c => c.ToString())) + replacement
                : s.Replace(pattern, replacement, StringComparison.Ordinal);
        })));
        f.Add(new("matches", 1, 1, (focus, args, scope) => OnString(focus, "matches()", s =>
            Arguments.String(args[0], scope, "matches()") is { } p ? Match(() => Regex(p).IsMatch(s)) : null)));
        f.Add(new("matchesFull", 1, 1, (focus, args, scope) => OnString(focus, "matchesFull()", s =>
            Arguments.String(args[0], scope, "matchesFull()") is { } p ? Match(() => Regex("^(?:" + p + ")$").IsMatch(s)) : null)));
        f.Add(new("replaceMatches", 2, 2, (focus, args, scope) => OnString(focus, "replaceMatches()", s =>
        {
            var pattern = Arguments.String(args[0], scope, "replaceMatches()");
            var replacement = Arguments.String(args[1], scope, "replaceMatches()");
            if (pattern is null || replacement is null) return null;
            return pattern.Length == 0 ? s : Match(() => Regex(pattern).Replace(s, replacement));
        })));
        f.Add(new("length", 0, 0, (focus, _, _) => OnString(focus, "length()", s => s.Length)));
        f.Add(new("toChars", 0, 0, (focus, _, _) =>
            Collection.SingleValue<string>(focus, "toChars()") is { } s ? s.Select(c => (object)c.ToString()).ToList() : Collection.Empty));
        f.Add(new("trim", 0, 0, (focus, _, _) => OnString(focus, "trim()", s => s.Trim())));
        f.Add(new("split", 1, 1, (focus, args, scope) =>
        {
            var s = Collection.SingleValue<string>(focus, "split()");
            var separator = Arguments.String(args[0], scope, "split()");
            if (s is null || separator is null) return Collection.Empty;
            return s.Split(separator).Select(part => (object)part).ToList();
        }));
        f.Add(new("join", 0, 1, (focus, args, scope) =>
        {
            var separator = args.Length == 0 ? "" : Arguments.String(args[0], scope, "join()") ?? "";
            return [string.Join(separator, focus.Select(i => SystemValues.Of(i) as string ?? throw new FhirPathEvaluationException($"join() needs Strings, not {Operators.Describe(i)}")))];
        }));
        f.Add(new("encode", 1, 1, (focus, args, scope) => OnString(focus, "encode()", s => Arguments.String(args[0], scope, "encode()") switch
        {
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)),
            "urlbase64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).Replace('+', '-').Replace('/', '_'),
            "hex" => Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant(),
            _ => null,
        })));
        f.Add(new("escape", 1, 1, (focus, args, scope) => OnString(focus, "escape()", s => Arguments.String(args[0], scope, "escape()") switch
        {
            "html" => System.Net.WebUtility.HtmlEncode(s),
            "json" => System.Text.Json.JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            _ => null,
        })));
        f.Add(new("unescape", 1, 1, (focus, args, scope) => OnString(focus, "unescape()", s => Arguments.String(args[0], scope, "unescape()") switch
        {
            "html" => System.Net.WebUtility.HtmlDecode(s),
            "json" => UnescapeJson(s),
            _ => null,
        })));
        f.Add(new("decode", 1, 1, (focus, args, scope) => OnString(focus, "decode()", s =>
        {
            try
            {
                return Arguments.String(args[0], scope, "decode()") switch
                {
                    "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(s)),
                    "urlbase64" => Encoding.UTF8.GetString(Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/'))),
                    "hex" => Encoding.UTF8.GetString(Convert.FromHexString(s)),
                    _ => null,
                };
            }
            catch (FormatException)
            {
                return null;
            }
        })));
    }

    /// <summary>Applies a function to the single String input; empty input gives empty; a non-String is an error.</summary>
    private static IReadOnlyList<object> OnString(IReadOnlyList<object> focus, string function, Func<string, object?> f)
    {
        var item = Collection.Single(focus, function);
        if (item is null) return Collection.Empty;
        return SystemValues.Of(item) switch
        {
            null => Collection.Empty,
            string s => Collection.Of(f(s)),
            var other => throw new FhirPathEvaluationException($"{function} needs a String, not {Operators.Describe(other)}"),
        };
    }

    /// <summary>Resolves JSON string escapes (\" \\ \/ \b \f \n \r \t \uXXXX); other text is kept as it is.</summary>
    private static string? UnescapeJson(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            var e = s[++i];
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when i + 4 < s.Length && int.TryParse(s.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The regular expression matches() and replaceMatches() use (cached); the validator's JSON checks share it.</summary>
    internal static Regex Regex(string pattern)
    {
        try
        {
            if (Regexes.TryGetValue(pattern, out var cached)) return cached;
            var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Singleline, RegexTimeout);
            if (Regexes.Count < 1_000) Regexes.TryAdd(pattern, regex); // bounded: patterns may come from untrusted expressions
            return regex;
        }
        catch (ArgumentException ex)
        {
            throw new FhirPathEvaluationException($"'{pattern}' is not a valid regular expression: {ex.Message}");
        }
    }

    private static T Match<T>(Func<T> match)
    {
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new FhirPathEvaluationException("the regular expression took too long");
        }
    }
}
