using System.Globalization;
using System.Text.RegularExpressions;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.FhirServer.Access;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// The FHIR REST interactions of the sandbox under <c>/fhir</c>: capabilities, read, vread, history, create, update,
/// delete, batch and transaction; each behind the access token's grant unless the sandbox is open (<see cref="BearerTokenFilter"/>, <see cref="AccessPolicy"/>).
/// </summary>
internal static partial class FhirEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SandboxOptions options)
    {
        var fhir = app.MapGroup("/fhir");
        if (!options.Open) fhir.AddEndpointFilter<BearerTokenFilter>();
        fhir.MapGet("/metadata", (HttpContext http) => FhirResponses.Json(CapabilityStatementBuilder.Build(BaseUrl(http))));
        fhir.MapGet("/{type}", (string type, HttpContext http, SearchEndpoint search) => search.Search(type, http));
        fhir.MapPost("/{type}/_search", (string type, HttpContext http, SearchEndpoint search) => search.Search(type, http));
        fhir.MapGet("/{type}/{id}", Read);
        fhir.MapGet("/{type}/{id}/_history/{vid}", ReadVersion);
        fhir.MapGet("/{type}/{id}/_history", History);
        fhir.MapPost("/{type}", (string type, HttpContext http, FhirResourceStore store, SearchIndexStore index) => Create(type, http, store, index, options));
        fhir.MapGet("/Patient/{id}/$everything", (string id, HttpContext http, EverythingEndpoint everything) => everything.Everything(id, http));
        fhir.MapPut("/{type}/{id}", (string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index) => Update(type, id, http, store, index, options));
        fhir.MapDelete("/{type}/{id}", (string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index) => Delete(type, id, http, store, index, options));
        fhir.MapPost("/", (HttpContext http, FhirResourceStore store, SearchIndexStore index) => Bundle(http, store, index, options));
    }

    /// <summary>The FHIR base URL of this server as the client called it.</summary>
    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/fhir";

    private static IResult Read(string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && AccessEnforcement.RefuseType(policy, ScopePermissions.Read, type) is { } refused) return refused;
        var stored = store.Read(type, id);
        if (stored is not null && policy is not null && !AccessEnforcement.Reaches(policy, stored, store, index, ScopePermissions.Read, current: true))
            return OutsideGrant(type, id);
        return stored switch
        {
            null => FhirResponses.NotFound(type, id),
            { IsDeleted: true } deleted => FhirResponses.Gone(deleted),
            var current => FhirResponses.Resource(current),
        };
    }

    private static IResult ReadVersion(string type, string id, string vid, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && AccessEnforcement.RefuseType(policy, ScopePermissions.Read, type) is { } refused) return refused;
        if (!int.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId))
            return FhirResponses.Outcome(StatusCodes.Status404NotFound, IssueType.NotFound, $"'{vid}' is not a version of {type}/{id}");
        var version = store.ReadVersion(type, id, versionId);
        if (version is not null && policy is not null && !AccessEnforcement.Reaches(policy, version, store, index, ScopePermissions.Read, current: false))
            return OutsideGrant(type, id);
        return version switch
        {
            null => FhirResponses.Outcome(StatusCodes.Status404NotFound, IssueType.NotFound, $"{type}/{id} has no version {vid}"),
            { IsDeleted: true } deleted => FhirResponses.Gone(deleted),
            var found => FhirResponses.Resource(found),
        };
    }

    private static IResult History(string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && AccessEnforcement.RefuseType(policy, ScopePermissions.Read, type) is { } refused) return refused;
        var versions = store.HistoryOf(type, id);
        if (versions.Count == 0) return FhirResponses.NotFound(type, id);
        if (policy is not null)
        {
            // Only the versions the grant reaches: a resource moved between patients shows each patient their own past.
            versions = [.. versions.Where((v, i) => AccessEnforcement.Reaches(policy, v, store, index, ScopePermissions.Read, current: i == 0))];
            if (versions.Count == 0) return OutsideGrant(type, id);
        }
        var baseUrl = BaseUrl(http);
        var bundle = new Bundle { Type = BundleType.History, Total = new UnsignedInt { Value = versions.Count } };
        foreach (var v in versions)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = new FhirUri { Value = $"{baseUrl}/{v.Reference}" },
                Resource = v.Resource,
                Request = new Bundle.RequestComponent
                {
                    Method = v.IsDeleted ? HTTPVerb.DELETE : v.VersionId == 1 ? HTTPVerb.POST : HTTPVerb.PUT,
                    Url = new FhirUri { Value = v.VersionId == 1 && !v.IsDeleted ? type : v.Reference },
                },
                Response = new Bundle.ResponseComponent
                {
                    Status = new FhirString { Value = v.IsDeleted ? "204" : v.VersionId == 1 ? "201" : "200" },
                    Etag = new FhirString { Value = v.ETag },
                    LastModified = new Instant { Value = v.LastUpdated.ToString("o", CultureInfo.InvariantCulture) },
                },
            });
        }
        return FhirResponses.Json(bundle);
    }

    private static async Task<IResult> Create(string type, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        var (resource, error) = await ReadBody(http, type, options);
        if (resource is null) return error!;
        resource.Id = FhirResourceStore.NewId();
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && AccessEnforcement.WriteRefusal(policy, index, type, resource.Id, resource, current: null) is { } refusal)
            return AccessEnforcement.Forbidden(refusal);
        if (http.Request.Headers["If-None-Exist"].ToString() is { Length: > 0 } condition)
        {
            // Conditional create: only when nothing matches; one match is returned as it is; several are ambiguous.
            var query = SearchQuery.Parse(type, QueryHelpers.ParseQuery(condition).SelectMany(p => p.Value.Select(v => (p.Key, v ?? ""))), strictHandling: true);
            if (query.HasErrors)
                return FhirResponses.Outcome(StatusCodes.Status400BadRequest, IssueType.Invalid, $"If-None-Exist: {string.Join("; ", query.Issues.Select(i => i.Message))}");
            // Only what the grant may see counts as a match: the others' existence is not the client's to learn.
            var matches = index.Candidates(type, query.CandidateKeys).Where(query.Matches)
                .Where(m => policy is null || policy.Reaches(m, ScopePermissions.Read | ScopePermissions.Search)).Take(2).ToList();
            if (matches.Count > 1)
                return FhirResponses.Outcome(StatusCodes.Status412PreconditionFailed, IssueType.MultipleMatches, $"If-None-Exist matches more than one {type}");
            if (matches.Count == 1 && store.Read(type, matches[0].Id) is { IsDeleted: false } existing) return FhirResponses.Resource(existing);
        }
        var stored = store.Write(resource);
        return FhirResponses.Resource(stored, StatusCodes.Status201Created, $"{BaseUrl(http)}/{stored.Reference}/_history/{stored.VersionId}");
    }

    private static async Task<IResult> Update(string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        if (!IsValidId(id)) return FhirResponses.Outcome(StatusCodes.Status400BadRequest, IssueType.Value, $"'{id}' is not a valid FHIR id");
        var (resource, error) = await ReadBody(http, type, options);
        if (resource is null) return error!;
        if (resource.Id != id)
            return FhirResponses.Outcome(StatusCodes.Status400BadRequest, IssueType.Invalid,
                resource.Id is null ? "the resource has no id; an update must carry the id of its URL" : $"the resource's id '{resource.Id}' is not the URL's '{id}'");

        var current = store.Read(type, id);
        if (AccessEnforcement.PolicyOf(http, options) is { } policy && AccessEnforcement.WriteRefusal(policy, index, type, id, resource, current) is { } refusal)
            return AccessEnforcement.Forbidden(refusal);
        if (http.Request.Headers.IfMatch is { Count: > 0 } ifMatch && (current is null || current.ETag != ifMatch.ToString()))
            return FhirResponses.Outcome(StatusCodes.Status412PreconditionFailed, IssueType.Conflict,
                $"If-Match {ifMatch} does not match the current version {(current is null ? "(none)" : current.ETag)}");
        var stored = store.Write(resource);
        var created = current is null || current.IsDeleted;
        return FhirResponses.Resource(stored, created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            created ? $"{BaseUrl(http)}/{stored.Reference}/_history/{stored.VersionId}" : null);
    }

    private static IResult Delete(string type, string id, HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        if (!IsResourceType(type)) return FhirResponses.UnknownType(type);
        if (AccessEnforcement.PolicyOf(http, options) is { } policy && AccessEnforcement.WriteRefusal(policy, index, type, id, null, store.Read(type, id)) is { } refusal)
            return AccessEnforcement.Forbidden(refusal);
        store.Delete(type, id); // deleting what is absent or already deleted succeeds too (idempotent)
        return Results.NoContent();
    }

    private static async Task<IResult> Bundle(HttpContext http, FhirResourceStore store, SearchIndexStore index, SandboxOptions options)
    {
        var (resource, error) = await ReadBody(http, "Bundle", options);
        if (resource is null) return error!;
        var (status, body) = new TransactionProcessor(store, BaseUrl(http), AccessEnforcement.PolicyOf(http, options), index).Process((Bundle)resource);
        return FhirResponses.Json(body, status);
    }

    /// <summary>Reads and parses the request body strictly; the error result says why when it cannot be used.</summary>
    internal static async Task<(Resource? Resource, IResult? Error)> ReadBody(HttpContext http, string expectedType, SandboxOptions options)
    {
        if (http.Request.ContentLength > options.MaxBodyBytes)
            return (null, FhirResponses.Outcome(StatusCodes.Status413PayloadTooLarge, IssueType.TooCostly,
                $"{FhirJsonError.InputTooLarge.Code}: the body is {http.Request.ContentLength:N0} bytes; at most {options.MaxBodyBytes:N0} are accepted"));
        var parser = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxInputBytes = options.MaxBodyBytes });
        var parsed = await parser.ParseAsync(http.Request.Body, http.RequestAborted);
        if (parsed.Issues.Any(i => i.Error == FhirJsonError.InputTooLarge))
            return (null, FhirResponses.Json(parsed.ToOperationOutcome(), StatusCodes.Status413PayloadTooLarge));
        if (!parsed.IsSuccess) return (null, FhirResponses.Json(parsed.ToOperationOutcome(), StatusCodes.Status400BadRequest));
        if (parsed.Value!.TypeInfo.Name != expectedType)
            return (null, FhirResponses.Outcome(StatusCodes.Status400BadRequest, IssueType.Invalid, $"expected a {expectedType}, but the body is a {parsed.Value.TypeInfo.Name}"));
        return (parsed.Value, null);
    }

    private static IResult OutsideGrant(string type, string id) =>
        AccessEnforcement.Forbidden($"{type}/{id} is outside what the access token may read (the patient in context, or the scopes' restrictions)");

    internal static bool IsResourceType(string type) => ModelInfo.FindType(type) is { IsResource: true, IsAbstract: false };

    internal static bool IsValidId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();
}
