namespace SmartReasoning.WriteBack.Access;

/// <summary>The permissions a SMART scope grants on a resource type (v2 letters: create, read, update, delete, search).</summary>
[Flags]
public enum ScopeRights { None = 0, Create = 1, Read = 2, Update = 4, Delete = 8, Search = 16 }

/// <summary>
/// Reads granted SMART scopes (App Launch 2.2; v1 <c>read</c>/<c>write</c>/<c>*</c> and v2 <c>cruds</c> letters) to
/// decide whether a token may make a write-back: creating with a conditional create needs create and search on each
/// type; a decision needs read, search and update on Observation and Provenance. <c>patient/</c> scopes reach only the
/// patient's compartment: the finding Observation is in it, but not a Device of no patient, nor a Provenance whose
/// target is an Observation (R4's Provenance <c>patient</c> parameter follows targets that are Patients), so those
/// need <c>user/</c> or <c>system/</c> scopes.
/// A scope narrowed by a query (<c>?category=...</c>) is not counted: we cannot be sure what it lets through.
/// </summary>
public static class WriteScopes
{
    /// <summary>What a conditional-create write and a decision need on each type.</summary>
    public const ScopeRights ForCreate = ScopeRights.Create | ScopeRights.Search;
    public const ScopeRights ForDecision = ScopeRights.Read | ScopeRights.Search | ScopeRights.Update;

    /// <summary>Whether <paramref name="granted"/> (space-separated) lets a token make the write on every type.</summary>
    public static bool Allow(string? granted, IEnumerable<string> resourceTypes, ScopeRights needed)
    {
        ArgumentNullException.ThrowIfNull(resourceTypes);
        var scopes = (granted ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<ResourceScope>().ToList();
        return resourceTypes.All(type => scopes
            .Where(s => (s.Type == "*" || s.Type == type) && (s.Context != "patient" || InPatientCompartment(type)))
            .Aggregate(ScopeRights.None, (rights, s) => rights | s.Rights)
            .HasFlag(needed));
    }

    /// <summary>The backend-services scope for writes of these types (system/ level, v2 letters).</summary>
    public static string BackendScope(IEnumerable<string> resourceTypes) =>
        string.Join(' ', resourceTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(t => $"system/{t}.crus"));

    /// <summary>The types our writes touch that a patient/ scope can reach (they name the patient as subject).</summary>
    private static bool InPatientCompartment(string type) => type is "Observation";

    private sealed record ResourceScope(string Context, string Type, ScopeRights Rights);

    private static ResourceScope? Parse(string scope)
    {
        if (scope.Contains('?', StringComparison.Ordinal)) return null;
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var dot = scope.LastIndexOf('.');
        if (slash <= 0 || dot <= slash + 1) return null;
        var context = scope[..slash];
        if (context is not ("patient" or "user" or "system")) return null;
        var rights = Rights(scope[(dot + 1)..]);
        return rights == ScopeRights.None ? null : new ResourceScope(context, scope[(slash + 1)..dot], rights);
    }

    private static ScopeRights Rights(string permissions)
    {
        switch (permissions)
        {
            case "read": return ScopeRights.Read | ScopeRights.Search;
            case "write": return ScopeRights.Create | ScopeRights.Update | ScopeRights.Delete;
            case "*": return ScopeRights.Create | ScopeRights.Read | ScopeRights.Update | ScopeRights.Delete | ScopeRights.Search;
        }
        var rights = ScopeRights.None;
        var next = 0;
        foreach (var letter in permissions)
        {
            var at = "cruds".IndexOf(letter, next);
            if (at < 0) return ScopeRights.None; // not v2 letters in order: not a scope we understand
            rights |= (ScopeRights)(1 << at);
            next = at + 1;
        }
        return rights;
    }
}
