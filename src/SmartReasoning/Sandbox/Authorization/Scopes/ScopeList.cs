using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Search;

namespace SmartReasoning.Sandbox.Authorization.Scopes;

/// <summary>
/// A parsed scope string (space-separated, SMART App Launch 2.2): the scopes understood, each once, in the order
/// given, and those that were not, with the reason. Parsing never throws.
/// </summary>
public sealed class ScopeList
{
    private ScopeList(IReadOnlyList<SmartScope> scopes, IReadOnlyList<InvalidScope> invalid)
    {
        Scopes = scopes;
        Invalid = invalid;
        ResourceScopes = [.. scopes.OfType<ResourceScope>()];
    }

    public static ScopeList Empty { get; } = new([], []);

    /// <summary>Every scope understood, in the order given, duplicates left out.</summary>
    public IReadOnlyList<SmartScope> Scopes { get; }

    public IReadOnlyList<ResourceScope> ResourceScopes { get; }

    /// <summary>The scopes that are not SMART scopes (unknown names, bad permissions, unknown types or search parameters), with the reason.</summary>
    public IReadOnlyList<InvalidScope> Invalid { get; }

    /// <summary>Parses a space-separated scope string; null or blank is the empty list.</summary>
    public static ScopeList Parse(string? scopes)
    {
        if (string.IsNullOrWhiteSpace(scopes)) return Empty;
        List<SmartScope> parsed = [];
        List<InvalidScope> invalid = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (var text in scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!seen.Add(text)) continue;
            var (scope, error) = ScopeParser.Parse(text);
            if (scope is not null) parsed.Add(scope);
            else invalid.Add(new InvalidScope(text, error!));
        }
        return new ScopeList(parsed, invalid);
    }

    /// <summary>Whether a non-resource scope such as <c>openid</c> or <c>offline_access</c> is in the list.</summary>
    public bool Contains(string namedScope) => Scopes.Any(s => s is NamedScope && s.Text == namedScope);

    /// <summary>
    /// Whether the list grants at least what <paramref name="scope"/> asks: a non-resource scope when it is in the list;
    /// a resource scope when each of its permissions is reached by some scope of the list (see <see cref="ResourceScope.Reaches"/>),
    /// so <c>patient/*.rs</c> covers <c>patient/Observation.read</c> and <c>patient/Observation.rs?category=laboratory</c>.
    /// </summary>
    public bool Covers(SmartScope scope) => scope switch
    {
        ResourceScope r => EachPermission(r.Permissions).All(p => ResourceScopes.Any(s => s.Reaches(r, p))),
        _ => Contains(scope.Text),
    };

    /// <summary>The scopes understood, space-separated.</summary>
    public override string ToString() => string.Join(" ", Scopes.Select(s => s.Text));

    internal static IEnumerable<ScopePermissions> EachPermission(ScopePermissions permissions) =>
        Enum.GetValues<ScopePermissions>().Where(p => p is not (ScopePermissions.None or ScopePermissions.All) && (permissions & p) != 0);
}

/// <summary>Reads one scope token.</summary>
internal static class ScopeParser
{
    // Result and paging parameters change what a search returns, not which resources match: no place in a scope.
    private static readonly HashSet<string> ResultParameters = new(StringComparer.Ordinal)
    {
        "_count", "_sort", "_include", "_revinclude", "_summary", "_elements", "_total", "_contained", "_containedType", "_page", "_offset", "_format", "_pretty",
    };

    public static (SmartScope? Scope, string? Error) Parse(string text)
    {
        if (!text.All(ch => ch is > ' ' and < (char)0x7F and not ('"' or '\\')))
            return (null, "a scope holds only printable ASCII characters other than '\"' and '\\' (RFC 6749)");
        if (NamedScope.Known.Contains(text)) return (new NamedScope(text), null);

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        ScopeContext? context = slash < 0 ? null : text[..slash] switch
        {
            "patient" => ScopeContext.Patient,
            "user" => ScopeContext.User,
            "system" => ScopeContext.System,
            _ => null,
        };
        if (context is null) return (null, "not a SMART scope: expected openid, fhirUser, profile, launch, launch/patient, launch/encounter, online_access, offline_access, or patient/, user/ or system/ followed by Type.permissions");

        var rest = text[(slash + 1)..];
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var query = question < 0 ? null : rest[(question + 1)..];
        if (question >= 0) rest = rest[..question];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return (null, "a resource scope is context/Type.permissions, e.g. patient/Observation.rs");
        var type = rest[..dot];
        var letters = rest[(dot + 1)..];
        if (type != ResourceScope.AnyType && !ReferenceText.IsResourceType(type)) return (null, $"'{type}' is not an R4 resource type (or '*')");

        var (permissions, isV1) = letters switch
        {
            "read" => (ScopePermissions.Read | ScopePermissions.Search, true),
            "write" => (ScopePermissions.Create | ScopePermissions.Update | ScopePermissions.Delete, true),
            "*" => (ScopePermissions.All, true),
            _ => (V2Permissions(letters), false),
        };
        if (permissions == ScopePermissions.None)
            return (null, $"'{letters}' is not a permission: v1 read, write or *, or v2 letters c, r, u, d, s in that order, each at most once");
        if (query is null) return (new ResourceScope(text, context.Value, type, permissions, [], isV1), null);
        if (isV1) return (null, "a query restriction needs SMART v2 permissions (e.g. .rs), not v1's read, write or *");

        var (restrictions, error) = Restrictions(type, query);
        return error is null ? (new ResourceScope(text, context.Value, type, permissions, restrictions, false), null) : (null, error);
    }

    private static ScopePermissions V2Permissions(string letters)
    {
        var permissions = ScopePermissions.None;
        var next = 0; // each letter must come after the previous one in "cruds"
        foreach (var ch in letters)
        {
            var at = "cruds".IndexOf(ch, next);
            if (at < 0) return ScopePermissions.None;
            permissions |= (ScopePermissions)(1 << at);
            next = at + 1;
        }
        return permissions;
    }

    /// <summary>The query of a granular scope: search parameters of the type (or of every resource for '*'), with values the search engine accepts.</summary>
    private static (IReadOnlyList<ScopeRestriction> Restrictions, string? Error) Restrictions(string type, string query)
    {
        List<ScopeRestriction> restrictions = [];
        foreach (var part in query.Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1) return ([], $"'{part}' is not name=value in the scope's query");
            var name = Uri.UnescapeDataString(part[..equals]);
            var value = Uri.UnescapeDataString(part[(equals + 1)..]);
            var code = name.Split(':')[0];
            if (ResultParameters.Contains(code)) return ([], $"'{code}' changes how results are returned, not which resources a scope reaches");
            var known = type == ResourceScope.AnyType
                ? SearchParameterCatalogue.All.Any(p => p.Code == code && p.Bases.Any(b => b is "Resource" or "DomainResource"))
                : SearchParameterCatalogue.Find(type, code) is not null;
            if (!known) return ([], $"'{code}' is not a search parameter of {(type == ResourceScope.AnyType ? "every resource type" : type)}");
            var restriction = new ScopeRestriction(name, value);
            if (!restrictions.Contains(restriction)) restrictions.Add(restriction);
        }
        // The search engine must be able to evaluate the restriction; '*' is checked on a DomainResource, as most types are.
        var check = SearchQuery.Parse(type == ResourceScope.AnyType ? "Basic" : type, restrictions.Select(r => (r.Name, r.Value)), strictHandling: true);
        return check.HasErrors ? ([], string.Join("; ", check.Issues.Where(i => i.IsError).Select(i => $"{i.Parameter}: {i.Message}"))) : (restrictions, null);
    }
}
