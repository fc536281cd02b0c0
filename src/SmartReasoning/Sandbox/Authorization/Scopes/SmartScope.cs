namespace SmartReasoning.Sandbox.Authorization.Scopes;

/// <summary>Whose data a resource scope reaches (SMART App Launch 2.2): the patient in context, what the user may see, or a backend system's.</summary>
public enum ScopeContext
{
    Patient,
    User,
    System,
}

/// <summary>The SMART v2 permissions, <c>c r u d s</c>. SMART v1's <c>read</c> is Read | Search, <c>write</c> Create | Update | Delete, <c>*</c> all five.</summary>
[Flags]
public enum ScopePermissions
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
    All = Create | Read | Update | Delete | Search,
}

/// <summary>One scope of a scope string, as its text was given.</summary>
public abstract record SmartScope(string Text)
{
    public sealed override string ToString() => Text;
}

/// <summary>
/// A scope that is no resource permission: <c>openid</c>, <c>fhirUser</c>, <c>profile</c>, <c>launch</c>,
/// <c>launch/patient</c>, <c>launch/encounter</c>, <c>online_access</c>, <c>offline_access</c>.
/// </summary>
public sealed record NamedScope(string Text) : SmartScope(Text)
{
    /// <summary>The non-resource scopes SMART App Launch 2.2 defines (and OpenID Connect's <c>openid</c>, <c>profile</c>).</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter", "online_access", "offline_access",
    };
}

/// <summary>One condition of a granular scope (<c>?category=...|laboratory</c>): a FHIR search parameter and its value, decoded.</summary>
public sealed record ScopeRestriction(string Name, string Value);

/// <summary>
/// A resource scope, <c>patient/Observation.rs?category=laboratory</c> or v1 <c>user/*.read</c>: which resources of
/// which type it reaches, with which permissions, restricted to those matching a search when it has a query.
/// </summary>
public sealed record ResourceScope(string Text, ScopeContext Context, string ResourceType, ScopePermissions Permissions, IReadOnlyList<ScopeRestriction> Restrictions, bool IsV1)
    : SmartScope(Text)
{
    /// <summary>The resource type of a scope for every type.</summary>
    public const string AnyType = "*";

    public bool AppliesTo(string resourceType) => ResourceType == AnyType || ResourceType == resourceType;

    /// <summary>
    /// Whether this scope reaches at least everything <paramref name="other"/> reaches with the permissions in
    /// <paramref name="permissions"/>: the same context, this type or every type, and only conditions that
    /// <paramref name="other"/> also has (restrictions compare as written, so <c>category=laboratory</c> does not
    /// cover <c>category=http://...|laboratory</c>: refusing is the safe side).
    /// </summary>
    public bool Reaches(ResourceScope other, ScopePermissions permissions) =>
        Context == other.Context
        && (ResourceType == AnyType || ResourceType == other.ResourceType)
        && (Permissions & permissions) == permissions
        && Restrictions.All(other.Restrictions.Contains);

    /// <summary>This scope with only <paramref name="permissions"/>, written in v2 form (or v1 when it was v1 and v1 can say it).</summary>
    internal ResourceScope WithPermissions(ScopePermissions permissions, IReadOnlyList<ScopeRestriction> restrictions, string resourceType) =>
        new(Format(Context, resourceType, permissions, restrictions, IsV1), Context, resourceType, permissions, restrictions, IsV1 && V1Name(permissions) is not null && restrictions.Count == 0);

    /// <summary>Writes a resource scope: <c>patient/Observation.rs?category=laboratory</c>.</summary>
    public static string Format(ScopeContext context, string resourceType, ScopePermissions permissions, IReadOnlyList<ScopeRestriction> restrictions, bool preferV1 = false)
    {
        var text = $"{ContextName(context)}/{resourceType}.{(preferV1 && restrictions.Count == 0 && V1Name(permissions) is { } v1 ? v1 : Letters(permissions))}";
        return restrictions.Count == 0 ? text : text + "?" + string.Join("&", restrictions.Select(r => $"{Escape(r.Name)}={Escape(r.Value)}"));
    }

    /// <summary>The v2 letters of a set of permissions, in SMART's order: <c>cruds</c>.</summary>
    public static string Letters(ScopePermissions permissions) => string.Concat(
        (permissions & ScopePermissions.Create) != 0 ? "c" : "",
        (permissions & ScopePermissions.Read) != 0 ? "r" : "",
        (permissions & ScopePermissions.Update) != 0 ? "u" : "",
        (permissions & ScopePermissions.Delete) != 0 ? "d" : "",
        (permissions & ScopePermissions.Search) != 0 ? "s" : "");

    internal static string ContextName(ScopeContext context) => context switch
    {
        ScopeContext.Patient => "patient",
        ScopeContext.User => "user",
        _ => "system",
    };

    private static string? V1Name(ScopePermissions permissions) => permissions switch
    {
        ScopePermissions.Read | ScopePermissions.Search => "read",
        ScopePermissions.Create | ScopePermissions.Update | ScopePermissions.Delete => "write",
        ScopePermissions.All => "*",
        _ => null,
    };

    // Percent-encodes what a scope token may not hold (RFC 6749: %x21 / %x23-5B / %x5D-7E) and what would end a
    // query part early; the rest (| : / ,) stays readable, as granular scopes are usually written.
    internal static string Escape(string value)
    {
        if (value.All(IsPlain)) return value;
        var sb = new System.Text.StringBuilder(value.Length + 8);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && IsPlain((char)b)) sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool IsPlain(char ch) => ch is > ' ' and < (char)0x7F and not ('"' or '\\' or '%' or '&' or '#' or '=' or '+');
}

/// <summary>A scope that could not be understood, and why.</summary>
public sealed record InvalidScope(string Text, string Reason);
