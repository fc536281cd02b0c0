using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.FhirServer.Access;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// Batch and transaction Bundles. A transaction is checked whole before anything is written, its <c>urn:uuid:</c>
/// (and other fullUrl) references are rewritten to the ids it assigns, and it is applied in one step: all of it or none.
/// A POST with <c>request.ifNoneExist</c> is a conditional create: when one resource matches, nothing is created and
/// references to the entry's fullUrl point at the match; several matches fail the entry (412). Transactions run one at a
/// time per store, so two conditional creates of the same resource cannot both create it.
/// A batch runs each entry on its own. With an access policy, each entry needs what the same request alone would
/// (403 for the entry of a batch; the whole transaction refused), checked on the resources as they would be written.
/// </summary>
internal sealed class TransactionProcessor(FhirResourceStore store, string baseUrl, AccessPolicy? policy = null, SearchIndexStore? index = null)
{
    private sealed record Planned(Bundle.EntryComponent Entry, HTTPVerb Method, string Type, string Id, Resource? Resource)
    {
        /// <summary>A conditional create that matched this existing resource: nothing is written.</summary>
        public StoredResource? Existing { get; init; }

        public bool Writes => Method != HTTPVerb.GET && Existing is null;
    }

    // One transaction at a time per store: a conditional create's check and its write must not interleave with another's.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FhirResourceStore, object> Gates = [];

    private sealed class EntryException(int status, IssueType type, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public IssueType Type { get; } = type;
    }

    /// <summary>Runs the bundle; the HTTP status and body to answer with (a response Bundle or an OperationOutcome).</summary>
    public (int Status, Resource Body) Process(Bundle bundle) => bundle.Type?.Enum switch
    {
        BundleType.Transaction => Transaction(bundle),
        BundleType.Batch => Batch(bundle),
        _ => (StatusCodes.Status400BadRequest, FhirResponses.OperationOutcomeOf(IssueType.Invalid, "POST to the base takes a Bundle of type batch or transaction")),
    };

    private (int, Resource) Transaction(Bundle bundle)
    {
        lock (Gates.GetValue(store, _ => new object())) return TransactionUnderGate(bundle);
    }

    private (int, Resource) TransactionUnderGate(Bundle bundle)
    {
        List<Planned> plan = [];
        Dictionary<string, string> references = new(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                var planned = Plan(bundle.Entry[i], i);
                plan.Add(planned);
                if (planned.Method is HTTPVerb.POST or HTTPVerb.PUT && bundle.Entry[i].FullUrl?.Value is { } fullUrl)
                    references[fullUrl] = $"{planned.Type}/{planned.Id}";
            }
            var duplicate = plan.Where(p => p.Writes).GroupBy(p => (p.Type, p.Id)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Duplicate, $"{duplicate.Key.Type}/{duplicate.Key.Id} is changed by more than one entry");
            // References are rewritten before the access checks: a resource's patient is the one it will be stored with.
            foreach (var p in plan.Where(p => p.Resource is not null)) RewriteReferences(p.Resource!, references);
            for (var i = 0; i < plan.Count; i++) if (plan[i].Existing is null) Authorize(plan[i], i);
            foreach (var p in plan) CheckIfMatch(p);
        }
        catch (EntryException ex)
        {
            return (ex.Status, FhirResponses.OperationOutcomeOf(ex.Type, $"the transaction was not applied: {ex.Message}"));
        }

        var written = store.Apply([.. plan.Where(p => p.Writes).Select(p => new StoreChange(p.Type, p.Id, p.Resource))]);

        var response = new Bundle { Type = BundleType.TransactionResponse };
        var writtenIndex = 0;
        foreach (var p in plan)
            response.Entry.Add(p.Method == HTTPVerb.GET ? ReadEntry(p) : p.Existing is { } existing ? ExistingEntry(existing) : WrittenEntry(p, written[writtenIndex++]));
        return (StatusCodes.Status200OK, response);
    }

    private (int, Resource) Batch(Bundle bundle)
    {
        var response = new Bundle { Type = BundleType.BatchResponse };
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            try
            {
                var p = Plan(bundle.Entry[i], i);
                if (p.Existing is { } existing)
                {
                    response.Entry.Add(ExistingEntry(existing));
                    continue;
                }
                Authorize(p, i);
                CheckIfMatch(p);
                response.Entry.Add(p.Method == HTTPVerb.GET ? ReadEntry(p) : WrittenEntry(p, store.Apply([new StoreChange(p.Type, p.Id, p.Resource)])[0]));
            }
            catch (EntryException ex)
            {
                response.Entry.Add(new Bundle.EntryComponent
                {
                    Response = new Bundle.ResponseComponent
                    {
                        Status = new FhirString { Value = ex.Status.ToString(CultureInfo.InvariantCulture) },
                        Outcome = FhirResponses.OperationOutcomeOf(ex.Type, ex.Message),
                    },
                });
            }
        }
        return (StatusCodes.Status200OK, response);
    }

    /// <summary>Works out what an entry does, and to which resource, without doing it.</summary>
    private Planned Plan(Bundle.EntryComponent entry, int index)
    {
        var method = entry.Request?.Method?.Enum
            ?? throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Required, $"entry {index} has no request.method");
        var url = entry.Request.Url?.Value?.Split('?')[0].Trim('/')
            ?? throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Required, $"entry {index} has no request.url");
        if (url.StartsWith(baseUrl, StringComparison.Ordinal)) url = url[baseUrl.Length..].Trim('/');
        var parts = url.Split('/');
        if (!FhirEndpoints.IsResourceType(parts[0]))
            throw new EntryException(StatusCodes.Status404NotFound, IssueType.NotSupported, $"entry {index}: '{parts[0]}' is not an R4 resource type");

        switch (method)
        {
            case HTTPVerb.POST when parts.Length == 1:
                var created = ResourceOf(entry, parts[0], index);
                if (entry.Request.IfNoneExist?.Value is { Length: > 0 } condition && ConditionalMatch(parts[0], condition, index) is { } existing)
                    return new Planned(entry, method, parts[0], existing.Id, null) { Existing = existing };
                created.Id = FhirResourceStore.NewId();
                return new Planned(entry, method, parts[0], created.Id, created);
            case HTTPVerb.PUT when parts.Length == 2 && FhirEndpoints.IsValidId(parts[1]):
                var updated = ResourceOf(entry, parts[0], index);
                if (updated.Id != parts[1])
                    throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Invalid, $"entry {index}: the resource's id '{updated.Id}' is not the URL's '{parts[1]}'");
                return new Planned(entry, method, parts[0], parts[1], updated);
            case HTTPVerb.DELETE when parts.Length == 2:
            case HTTPVerb.GET when parts.Length == 2:
                return new Planned(entry, method, parts[0], parts[1], null);
            default:
                throw new EntryException(StatusCodes.Status400BadRequest, IssueType.NotSupported, $"entry {index}: {method} {url} is not supported in a bundle");
        }
    }

    /// <summary>The one resource an <c>ifNoneExist</c> query matches (among those the grant may see), or null when none does.</summary>
    private StoredResource? ConditionalMatch(string type, string condition, int entry)
    {
        if (index is null)
            throw new EntryException(StatusCodes.Status400BadRequest, IssueType.NotSupported, $"entry {entry}: conditional create is not supported here");
        var query = SearchQuery.Parse(type, QueryHelpers.ParseQuery(condition.TrimStart('?')).SelectMany(p => p.Value.Select(v => (p.Key, v ?? ""))), strictHandling: true);
        if (query.HasErrors)
            throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Invalid, $"entry {entry}: ifNoneExist: {string.Join("; ", query.Issues.Select(i => i.Message))}");
        var matches = index.Candidates(type, query.CandidateKeys).Where(query.Matches)
            .Where(m => policy is null || policy.Reaches(m, ScopePermissions.Read | ScopePermissions.Search))
            .Select(m => store.Read(type, m.Id)).Where(s => s is { IsDeleted: false }).Take(2).ToList();
        if (matches.Count > 1)
            throw new EntryException(StatusCodes.Status412PreconditionFailed, IssueType.MultipleMatches, $"entry {entry}: ifNoneExist matches more than one {type}");
        return matches.Count == 1 ? matches[0] : null;
    }

    private Bundle.EntryComponent ExistingEntry(StoredResource existing) => new()
    {
        FullUrl = new FhirUri { Value = $"{baseUrl}/{existing.Reference}" },
        Response = new Bundle.ResponseComponent
        {
            Status = new FhirString { Value = "200 OK" },
            Location = new FhirUri { Value = $"{existing.Reference}/_history/{existing.VersionId}" },
            Etag = new FhirString { Value = existing.ETag },
            LastModified = new Instant { Value = existing.LastUpdated.ToString("o", CultureInfo.InvariantCulture) },
        },
    };

    private static Resource ResourceOf(Bundle.EntryComponent entry, string type, int index)
    {
        var resource = entry.Resource ?? throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Required, $"entry {index} has no resource");
        if (resource.TypeInfo.Name != type)
            throw new EntryException(StatusCodes.Status400BadRequest, IssueType.Invalid, $"entry {index} sends a {resource.TypeInfo.Name} to {type}");
        return resource;
    }

    /// <summary>Refuses (403) an entry the access policy does not allow: a read it may not see, a write it may not make.</summary>
    private void Authorize(Planned p, int entry)
    {
        if (policy is null) return;
        var current = store.Read(p.Type, p.Id);
        string? refusal;
        if (p.Method == HTTPVerb.GET)
        {
            refusal = !policy.Permits(ScopePermissions.Read, p.Type) ? $"the access token's scopes do not permit reading {p.Type}"
                : current is not null && !AccessEnforcement.Reaches(policy, current, store, index!, ScopePermissions.Read, current: true)
                    ? $"{p.Type}/{p.Id} is outside what the access token may read (the patient in context, or the scopes' restrictions)"
                    : null;
        }
        else refusal = AccessEnforcement.WriteRefusal(policy, index!, p.Type, p.Id, p.Method == HTTPVerb.DELETE ? null : p.Resource, current);
        if (refusal is not null) throw new EntryException(StatusCodes.Status403Forbidden, IssueType.Forbidden, $"entry {entry}: {refusal}");
    }

    private void CheckIfMatch(Planned p)
    {
        if (p.Entry.Request?.IfMatch?.Value is not { } ifMatch) return;
        var current = store.Read(p.Type, p.Id);
        if (current is null || current.ETag != ifMatch)
            throw new EntryException(StatusCodes.Status412PreconditionFailed, IssueType.Conflict,
                $"{p.Type}/{p.Id}: If-Match {ifMatch} does not match the current version {(current is null ? "(none)" : current.ETag)}");
    }

    private Bundle.EntryComponent ReadEntry(Planned p)
    {
        var current = store.Read(p.Type, p.Id);
        var status = current is null ? "404" : current.IsDeleted ? "410" : "200";
        return new Bundle.EntryComponent
        {
            FullUrl = current is { IsDeleted: false } ? new FhirUri { Value = $"{baseUrl}/{current.Reference}" } : null,
            Resource = current?.Resource,
            Response = new Bundle.ResponseComponent { Status = new FhirString { Value = status }, Etag = current is null ? null : new FhirString { Value = current.ETag } },
        };
    }

    private Bundle.EntryComponent WrittenEntry(Planned p, StoredResource written) => new()
    {
        FullUrl = written.IsDeleted ? null : new FhirUri { Value = $"{baseUrl}/{written.Reference}" },
        Response = new Bundle.ResponseComponent
        {
            Status = new FhirString { Value = p.Method switch { HTTPVerb.POST => "201 Created", HTTPVerb.DELETE => "204 No Content", _ => written.VersionId == 1 ? "201 Created" : "200 OK" } },
            Location = written.IsDeleted ? null : new FhirUri { Value = $"{written.Reference}/_history/{written.VersionId}" },
            Etag = new FhirString { Value = written.ETag },
            LastModified = new Instant { Value = written.LastUpdated.ToString("o", CultureInfo.InvariantCulture) },
        },
    };

    /// <summary>Points every Reference that names another entry's fullUrl at the id that entry was given.</summary>
    private static void RewriteReferences(Base node, Dictionary<string, string> references)
    {
        if (references.Count == 0) return;
        if (node is Reference { ReferenceValue.Value: { } target } reference && references.TryGetValue(target, out var rewritten))
            reference.ReferenceValue.Value = rewritten;
        foreach (var element in node.TypeInfo.Elements)
        {
            switch (element.Get(node))
            {
                case IList list:
                    foreach (var item in list) if (item is Base child and not PrimitiveType) RewriteReferences(child, references);
                    break;
                case Base child and not PrimitiveType:
                    RewriteReferences(child, references);
                    break;
            }
        }
    }
}
