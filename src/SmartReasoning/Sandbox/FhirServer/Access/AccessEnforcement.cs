using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer.Access;

/// <summary>The checks the FHIR endpoints make with a request's <see cref="AccessPolicy"/>, and the 403 they answer with.</summary>
internal static class AccessEnforcement
{
    /// <summary>
    /// The policy of this request; null when the sandbox is open (<c>--open</c>). Fails closed: an enforcing sandbox
    /// whose request reached an endpoint without a checked token is a wiring error, never unrestricted access.
    /// </summary>
    public static AccessPolicy? PolicyOf(HttpContext http, SandboxOptions options) =>
        options.Open ? null : http.Features.Get<AccessPolicy>() ?? throw new InvalidOperationException("a FHIR endpoint was reached without the bearer token filter");

    /// <summary>403 with an OperationOutcome, and <c>WWW-Authenticate: Bearer error="insufficient_scope"</c> (RFC 6750).</summary>
    public static IResult Forbidden(string message) =>
        new WithHeader(FhirResponses.Outcome(StatusCodes.Status403Forbidden, IssueType.Forbidden, message), "WWW-Authenticate", "Bearer error=\"insufficient_scope\"");

    /// <summary>403 when no scope grants <paramref name="permission"/> on the type at all; null when some does.</summary>
    public static IResult? RefuseType(AccessPolicy policy, ScopePermissions permission, string type) =>
        policy.Permits(permission, type) ? null : Forbidden($"the access token's scopes do not permit {Verb(permission)} {type}");

    /// <summary>Whether the grant reaches a stored version with one of <paramref name="anyOf"/>; a deletion marker by the version before it.</summary>
    public static bool Reaches(AccessPolicy policy, StoredResource version, FhirResourceStore store, SearchIndexStore index, ScopePermissions anyOf, bool current)
    {
        if (version.IsDeleted)
            return store.HistoryOf(version.ResourceType, version.Id).FirstOrDefault(v => !v.IsDeleted && v.VersionId < version.VersionId) is { } before
                && policy.Reaches(SearchIndexer.Default.Index(before.Resource!), anyOf);
        return policy.Reaches(IndexOf(version, index, current), anyOf);
    }

    /// <summary>Why the grant may not make this write (null when it may): delete when <paramref name="incoming"/> is null, else update or create.</summary>
    public static string? WriteRefusal(AccessPolicy policy, SearchIndexStore index, string type, string id, Resource? incoming, StoredResource? current)
    {
        var exists = current is { IsDeleted: false };
        var permission = incoming is null ? ScopePermissions.Delete : exists ? ScopePermissions.Update : ScopePermissions.Create;
        if (!policy.Permits(permission, type)) return $"the access token's scopes do not permit {Verb(permission)} {type}";
        if (exists && !policy.Reaches(IndexOf(current!, index, current: true), permission))
            return $"{type}/{id} is outside what the access token may {Infinitive(permission)} (the patient in context, or the scopes' restrictions)";
        if (incoming is not null && !policy.Reaches(SearchIndexer.Default.Index(incoming), permission))
            return $"the {type} written would be outside what the access token may {Infinitive(permission)} (another patient's compartment, or the scopes' restrictions)";
        return null;
    }

    /// <summary>The current version's index entry is the search index's; another version is indexed on demand (rare: vread, history).</summary>
    private static ResourceIndex IndexOf(StoredResource version, SearchIndexStore index, bool current) =>
        (current ? index.Find(version.ResourceType, version.Id) : null) ?? SearchIndexer.Default.Index(version.Resource!);

    private static string Verb(ScopePermissions permission) => permission switch
    {
        ScopePermissions.Create => "creating",
        ScopePermissions.Read => "reading",
        ScopePermissions.Update => "updating",
        ScopePermissions.Delete => "deleting",
        _ => "searching",
    };

    private static string Infinitive(ScopePermissions permission) => permission switch
    {
        ScopePermissions.Create => "create",
        ScopePermissions.Read => "read",
        ScopePermissions.Update => "update",
        ScopePermissions.Delete => "delete",
        _ => "search",
    };

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }

    internal static IResult AddHeader(IResult inner, string name, string value) => new WithHeader(inner, name, value);
}
