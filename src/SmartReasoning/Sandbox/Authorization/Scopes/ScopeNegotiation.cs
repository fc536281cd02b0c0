namespace SmartReasoning.Sandbox.Authorization.Scopes;

/// <summary>
/// What the authorization server grants: the requested scopes as far as the client's allowed scopes reach
/// (authorize and token endpoints), and whether a refresh asks for no more than was granted.
/// </summary>
public static class ScopeNegotiation
{
    /// <summary>
    /// The granted scope string for <paramref name="requested"/> against the client's <paramref name="allowedByClient"/>,
    /// space-separated, in the requested order:
    /// <list type="bullet">
    /// <item>a requested scope covered by the allowed ones (<see cref="ScopeList.Covers"/>: wildcard types, permission
    /// subsets, v1 and v2 forms, a granular query under an unrestricted scope) is granted as written;</item>
    /// <item>a resource scope only partly covered is narrowed to what is allowed (requested <c>patient/*.cruds</c>
    /// with allowed <c>patient/*.rs</c> grants <c>patient/*.rs</c>; requested <c>patient/*.rs</c> with allowed
    /// <c>patient/Observation.rs</c> grants <c>patient/Observation.rs</c>);</item>
    /// <item>anything else is dropped: invalid scopes, non-resource scopes not allowed, resource scopes with nothing allowed.</item>
    /// </list>
    /// A narrowed scope that another granted scope already covers is left out; a scope granted as requested always stays.
    /// Empty when nothing can be granted. Deciding on the launch context (<c>launch</c> needs a launch, and so on) is the caller's.
    /// </summary>
    public static string Negotiate(string? requested, string? allowedByClient)
    {
        var allowed = ScopeList.Parse(allowedByClient);
        List<(SmartScope Scope, bool AsRequested)> granted = [];
        foreach (var scope in ScopeList.Parse(requested).Scopes)
        {
            if (allowed.Covers(scope)) granted.Add((scope, true));
            else if (scope is ResourceScope wanted)
                foreach (var permitted in allowed.ResourceScopes)
                    if (Intersect(wanted, permitted) is { } narrowed) granted.Add((narrowed, false));
        }
        return string.Join(" ", WithoutRedundant(granted).Select(s => s.Text));
    }

    /// <summary>
    /// For a refresh with a <c>scope</c>: true only when every scope of <paramref name="requested"/> is covered by
    /// <paramref name="previouslyGranted"/> (equal or narrower); false when one is broader, not granted, or not a valid scope.
    /// </summary>
    public static bool Narrow(string? requested, string previouslyGranted)
    {
        var asked = ScopeList.Parse(requested);
        if (asked.Invalid.Count > 0) return false;
        var granted = ScopeList.Parse(previouslyGranted);
        return asked.Scopes.All(granted.Covers);
    }

    /// <summary>What both scopes reach: the narrower type, the common permissions, the conditions of both; null when nothing.</summary>
    internal static ResourceScope? Intersect(ResourceScope wanted, ResourceScope permitted)
    {
        if (wanted.Context != permitted.Context) return null;
        var type = wanted.ResourceType == ResourceScope.AnyType ? permitted.ResourceType
            : permitted.ResourceType == ResourceScope.AnyType || permitted.ResourceType == wanted.ResourceType ? wanted.ResourceType
            : null;
        var permissions = wanted.Permissions & permitted.Permissions;
        if (type is null || permissions == ScopePermissions.None) return null;
        List<ScopeRestriction> restrictions = [.. wanted.Restrictions, .. permitted.Restrictions.Where(r => !wanted.Restrictions.Contains(r))];
        return wanted.WithPermissions(permissions, restrictions, type);
    }

    /// <summary>
    /// Leaves out a narrowed scope that another granted scope covers whole: one granted as requested, or (when two
    /// narrowed ones cover each other) the earlier.
    /// </summary>
    private static IEnumerable<SmartScope> WithoutRedundant(List<(SmartScope Scope, bool AsRequested)> granted)
    {
        for (var i = 0; i < granted.Count; i++)
        {
            var (scope, asRequested) = granted[i];
            var redundant = !asRequested && Enumerable.Range(0, granted.Count).Any(j =>
                j != i && Covers(granted[j].Scope, scope) && (granted[j].AsRequested || j < i || !Covers(scope, granted[j].Scope)));
            if (!redundant) yield return scope;
        }
    }

    private static bool Covers(SmartScope by, SmartScope scope) => (by, scope) switch
    {
        (ResourceScope b, ResourceScope s) => b.Reaches(s, s.Permissions),
        (NamedScope b, NamedScope s) => b.Text == s.Text,
        _ => false,
    };
}
