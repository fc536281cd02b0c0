using System.Collections.Concurrent;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.Search;

namespace SmartReasoning.Sandbox.FhirServer.Access;

/// <summary>
/// What one access grant lets a request see and change, decided per resource from its search index entry:
/// <c>patient/</c> scopes reach the compartment of the patient in context (R4 CompartmentDefinition/patient),
/// <c>user/</c> and <c>system/</c> scopes every resource of their types; a granular scope's query must match; each
/// interaction needs its permission (read r, search s, create c, update u, delete d). Built once per distinct grant
/// (scope and patient) and cached, so a request pays a lookup, not a parse.
/// </summary>
internal sealed class AccessPolicy
{
    private const int MaxCached = 1_000;
    private static readonly ConcurrentDictionary<(string? Patient, string Scope), AccessPolicy> s_cache = new();

    private readonly Rule[] _rules;
    private readonly string? _patientReference;

    private AccessPolicy(string? patient, ScopeList scopes)
    {
        Patient = patient;
        _patientReference = patient is null ? null : "Patient/" + patient;
        // patient/ scopes without a patient in context reach nothing.
        _rules = [.. scopes.ResourceScopes.Where(s => s.Context != ScopeContext.Patient || patient is not null).Select(s => new Rule(s))];
        Key = $"{patient}\n{scopes}";
    }

    /// <summary>The patient in context, whose compartment <c>patient/</c> scopes reach.</summary>
    public string? Patient { get; }

    /// <summary>Identifies what this policy sees: two requests with the same key see the same resources (binds kept search pages).</summary>
    public string Key { get; }

    public static AccessPolicy For(AccessGrant grant)
    {
        var key = (grant.Patient, grant.Scope);
        if (s_cache.TryGetValue(key, out var policy)) return policy;
        if (s_cache.Count >= MaxCached) s_cache.Clear(); // a sandbox sees few distinct grants; starting over is cheap
        return s_cache.GetOrAdd(key, k => new AccessPolicy(k.Patient, ScopeList.Parse(k.Scope)));
    }

    /// <summary>Whether some scope grants one of <paramref name="anyOf"/> on <paramref name="resourceType"/> at all (before looking at any resource).</summary>
    public bool Permits(ScopePermissions anyOf, string resourceType)
    {
        foreach (var rule in _rules)
            if ((rule.Scope.Permissions & anyOf) != 0 && rule.Scope.AppliesTo(resourceType)) return true;
        return false;
    }

    /// <summary>Whether some scope grants <paramref name="permission"/> on any type.</summary>
    public bool PermitsAny(ScopePermissions permission) => _rules.Any(r => (r.Scope.Permissions & permission) != 0);

    /// <summary>Whether a <c>user/</c> or <c>system/</c> scope grants <paramref name="permission"/> on <paramref name="resourceType"/>.</summary>
    public bool PermitsBeyondPatient(ScopePermissions permission, string resourceType)
    {
        foreach (var rule in _rules)
            if (rule.Scope.Context != ScopeContext.Patient && (rule.Scope.Permissions & permission) != 0 && rule.Scope.AppliesTo(resourceType)) return true;
        return false;
    }

    /// <summary>Whether a scope granting one of <paramref name="anyOf"/> reaches this resource: its type, its patient, its query.</summary>
    public bool Reaches(ResourceIndex resource, ScopePermissions anyOf)
    {
        var inCompartment = (bool?)null; // computed once, when a patient/ scope asks
        foreach (var rule in _rules)
        {
            if ((rule.Scope.Permissions & anyOf) == 0 || !rule.Scope.AppliesTo(resource.ResourceType)) continue;
            if (rule.Scope.Context == ScopeContext.Patient && !(inCompartment ??= InPatientCompartment(resource))) continue;
            if (rule.Matches(resource)) return true;
        }
        return false;
    }

    /// <summary>The patient itself, or a resource whose compartment parameters (subject, patient, performer...) refer to it.</summary>
    private bool InPatientCompartment(ResourceIndex resource)
    {
        if (resource.ResourceType == "Patient" && resource.Id == Patient) return true;
        foreach (var parameter in CompartmentCatalogue.Parameters("Patient", resource.ResourceType))
            if (resource.Values.TryGetValue(parameter, out var values))
                foreach (var value in values)
                    if (value.Text == _patientReference) return true;
        return false;
    }

    /// <summary>One resource scope, with its query compiled per resource type on first use.</summary>
    private sealed class Rule(ResourceScope scope)
    {
        private readonly ConcurrentDictionary<string, SearchQuery?>? _queries = scope.Restrictions.Count == 0 ? null : new(StringComparer.Ordinal);

        public ResourceScope Scope { get; } = scope;

        public bool Matches(ResourceIndex resource)
        {
            if (_queries is null) return true;
            // A query the engine cannot evaluate on this type matches nothing: a restriction fails closed.
            var query = _queries.GetOrAdd(resource.ResourceType, type =>
                SearchQuery.Parse(type, Scope.Restrictions.Select(r => (r.Name, r.Value)), strictHandling: true) is { HasErrors: false } q ? q : null);
            return query?.Matches(resource) == true;
        }
    }
}
