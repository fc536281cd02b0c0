using System.Globalization;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.FhirServer.Access;
using SmartReasoning.Sandbox.Search;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// <c>Patient/{id}/$everything</c>: the patient, every resource that refers to the patient through a search parameter
/// that can target Patient (the patient compartment, read from the index), and what those refer to (encounters,
/// practitioners, organizations, medications); paged like a search. With an access token: only for the patient in
/// context (or with a <c>user/</c> or <c>system/</c> scope that may search patients), and only the resources the
/// grant may search.
/// </summary>
internal sealed class EverythingEndpoint(FhirResourceStore store, SearchIndexStore index, SearchPages pages, SandboxOptions options)
{
    private const int PageSize = 100;

    public IResult Everything(string id, HttpContext http)
    {
        var policy = AccessEnforcement.PolicyOf(http, options);
        if (policy is not null && !((policy.Patient == id && policy.PermitsAny(ScopePermissions.Search)) || policy.PermitsBeyondPatient(ScopePermissions.Search, "Patient")))
            return AccessEnforcement.Forbidden($"Patient/{id}/$everything needs the patient in context, or a user/ or system/ scope that may search Patient");
        var baseUrl = FhirEndpoints.BaseUrl(http);
        var count = int.TryParse(http.Request.Query["_count"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? Math.Clamp(c, 1, SearchQuery.MaxCount) : PageSize;
        IReadOnlyList<string> references;
        if (http.Request.Query["_page"].ToString() is { Length: > 0 } cursor)
        {
            if (pages.Find(cursor, policy?.Key) is not { } page)
                return FhirResponses.Outcome(StatusCodes.Status410Gone, IssueType.NotFound, "this page of results has expired; ask again");
            references = page.Ids;
        }
        else
        {
            if (store.Read("Patient", id) is not { IsDeleted: false }) return FhirResponses.NotFound("Patient", id);
            references = Compartment(id);
            if (policy is not null) references = [.. references.Where(r => Reaches(policy, r))];
        }

        var offset = int.TryParse(http.Request.Query["_offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var bundle = new Bundle { Type = BundleType.Searchset, Total = new UnsignedInt { Value = references.Count } };
        bundle.Link.Add(SearchEndpoint.Link("self", $"{baseUrl}/Patient/{id}/$everything{http.Request.QueryString}"));
        if (offset + count < references.Count)
        {
            var next = http.Request.Query["_page"].ToString() is { Length: > 0 } kept ? kept : pages.Keep(references, [], policy?.Key);
            bundle.Link.Add(SearchEndpoint.Link("next", $"{baseUrl}/Patient/{id}/$everything?_page={next}&_offset={offset + count}&_count={count}"));
        }
        foreach (var reference in references.Skip(offset).Take(count))
        {
            if (policy is not null && !Reaches(policy, reference)) continue; // changed since the page was kept
            var parts = reference.Split('/');
            if (store.Read(parts[0], parts[1]) is { IsDeleted: false } stored)
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = new FhirUri { Value = $"{baseUrl}/{stored.Reference}" },
                    Resource = stored.Resource,
                    Search = new Bundle.SearchComponent { Mode = SearchEntryMode.Match },
                });
        }
        return FhirResponses.Json(bundle);
    }

    private bool Reaches(AccessPolicy policy, string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return index.Find(reference[..slash], reference[(slash + 1)..]) is { } entry && policy.Reaches(entry, ScopePermissions.Search);
    }

    /// <summary>Patient/id first, then the resources referring to it, then what they refer to; each once, in a stable order.</summary>
    private List<string> Compartment(string id)
    {
        var patient = $"Patient/{id}";
        List<string> result = [patient];
        var seen = new HashSet<string>(result, StringComparer.Ordinal);
        List<ResourceIndex> members = index.Find("Patient", id) is { } own ? [own] : [];
        foreach (var type in store.Types.Order(StringComparer.Ordinal))
        {
            foreach (var parameter in SearchParameterCatalogue.ForResource(type).Values)
            {
                if (parameter.Type != SearchParamType.Reference || (parameter.Targets.Count > 0 && !parameter.Targets.Contains("Patient"))) continue;
                foreach (var member in index.WithKey(type, IndexKeys.Exact(parameter.Code, patient)).OrderBy(m => m.Id, StringComparer.Ordinal))
                    if (seen.Add($"{member.ResourceType}/{member.Id}"))
                    {
                        result.Add($"{member.ResourceType}/{member.Id}");
                        members.Add(member);
                    }
            }
        }
        foreach (var member in members)
            foreach (var (code, values) in member.Values)
                if (SearchParameterCatalogue.Find(member.ResourceType, code)?.Type == SearchParamType.Reference)
                    foreach (var value in values)
                        if (value.Text is { } target && target.Count(ch => ch == '/') == 1 && store.Read(target.Split('/')[0], target.Split('/')[1]) is { IsDeleted: false } && seen.Add(target))
                            result.Add(target);
        return result;
    }
}
