using System.Text;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tools.FhirModelGenerator;

/// <summary>An enum for a required ValueSet binding whose codes the package lists completely.</summary>
internal sealed record CodeEnum(string Name, string ValueSet, string? Description, IReadOnlyList<CodeMember> Members);

internal sealed record CodeMember(string Name, string System, string Code, string? Display);

/// <summary>
/// Expands the ValueSets bound (required) to <c>code</c> elements into enums, where that can be done exactly:
/// every include names a CodeSystem we hold with complete content (or lists its codes), with no filters,
/// no imported ValueSets and no excludes. Other bindings stay plain <c>Code</c>.
/// </summary>
internal sealed class CodeEnumBuilder(Definitions definitions, ISet<string> reservedTypeNames)
{
    // Larger sets (languages, MIME types, UCUM) are not useful as enums.
    private const int MaxMembers = 250;

    private readonly Dictionary<string, CodeEnum?> _byValueSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IEnumerable<CodeEnum> Enums => _byValueSet.Values.OfType<CodeEnum>().OrderBy(e => e.Name, StringComparer.Ordinal);

    /// <summary>The enum name for a ValueSet, building the enum on first request; null if it cannot be expanded.</summary>
    public string? Require(string valueSet)
    {
        if (!_byValueSet.TryGetValue(valueSet, out var result))
        {
            result = Build(valueSet);
            _byValueSet[valueSet] = result;
        }
        return result?.Name;
    }

    private CodeEnum? Build(string url)
    {
        if (!definitions.ValueSets.TryGetValue(url, out var vs)) return null;
        var compose = vs["compose"];
        if (compose is null || compose["exclude"] is not null) return null;

        List<(string System, string Code, string? Display)> codes = [];
        foreach (var include in compose.Objects("include"))
        {
            if (include["filter"] is not null || include["valueSet"] is not null) return null;
            var system = include.Str("system");
            if (system is null) return null;
            definitions.CodeSystems.TryGetValue(system, out var cs);
            if (include["concept"] is JsonArray listed)
            {
                foreach (var c in listed.OfType<JsonObject>())
                    codes.Add((system, c.Str("code")!, c.Str("display") ?? FindDisplay(cs, c.Str("code")!)));
            }
            else
            {
                if (cs is null || cs.Str("content") != "complete") return null;
                AddConcepts(codes, system, cs);
            }
        }
        if (codes.Count == 0 || codes.Count > MaxMembers) return null;

        var name = UniqueName(Identifier(vs.Str("name") ?? url[(url.LastIndexOf('/') + 1)..]));
        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        List<CodeMember> members = [];
        foreach (var (system, code, display) in codes)
        {
            if (members.Any(m => m.Code == code && m.System == system)) continue;
            var member = Identifier(code);
            if (member.Length == 0 || member == "_") member = Identifier(display ?? "Code");
            if (member == name) member += "Code"; // an enum member may not share the enum's name
            var unique = member;
            for (var i = 2; !memberNames.Add(unique); i++) unique = member + i;
            members.Add(new CodeMember(unique, system, code, display));
        }
        return new CodeEnum(name, url, vs.Str("description"), members);
    }

    private static void AddConcepts(List<(string, string, string?)> codes, string system, JsonNode parent)
    {
        foreach (var c in parent.Objects("concept"))
        {
            codes.Add((system, c.Str("code")!, c.Str("display")));
            AddConcepts(codes, system, c);
        }
    }

    private static string? FindDisplay(JsonNode? cs, string code)
    {
        foreach (var c in cs.Objects("concept"))
        {
            if (c.Str("code") == code) return c.Str("display");
            if (FindDisplay(c, code) is { } d) return d;
        }
        return null;
    }

    private string UniqueName(string name)
    {
        if (reservedTypeNames.Contains(name)) name += "Code";
        var unique = name;
        for (var i = 2; !_names.Add(unique); i++) unique = name + i;
        return unique;
    }

    /// <summary>A C# identifier from a code or name: <c>entered-in-error</c> becomes <c>EnteredInError</c>.</summary>
    public static string Identifier(string text)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
                upper = false;
            }
            else upper = true;
        }
        if (sb.Length > 0 && char.IsAsciiDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }
}
