using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// References: the target's type must be one the element allows (known from the contained resource or the
/// Bundle entry it resolves to, else from the reference's <c>Type/id</c> form); a local <c>#id</c> must name a
/// contained resource; inside a Bundle, <c>urn:</c> references (and, in a document, every relative one) must
/// resolve to exactly one entry. References to servers outside are not fetched.
/// </summary>
internal sealed class ReferenceValidator(ValidationRun run)
{
    // Resolved targets are checked against target profiles one level deep: a target's own references are not followed.
    private int _checkingTarget;

    public void Check(JsonElement reference, ElementNode def, ElementPath path, ResourceScope scope)
    {
        if (reference.Str("reference") is not { } target) return;
        scope.References.Add((path, target, def.Path));
        if (run.Options.ResolveReferences && _checkingTarget == 0) CheckTargetProfiles(target, def, path, scope);
        // The types the element allows, worked out once per element definition.
        var allowedTypes = def.TargetTypes ??= def.Types.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfiles)
            .Select(url => run.Resources.FindStructure(url)?.Type ?? url[(url.LastIndexOf('/') + 1)..]).Distinct().ToArray();
        if (allowedTypes.Length == 0 || allowedTypes.Contains("Resource")) return;
        var actual = TargetType(target, scope);
        if (actual is null || allowedTypes.Contains(actual)) return;
        if (ModelInfo.FindType(actual) is { } actualType && allowedTypes.Any(t => ModelInfo.FindType(t) is { } a && actualType.IsA(a))) return;
        var allowed = def.Types.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfiles);
        run.Outcome.Add(ValidationMessages.ReferenceTargetType, path, actual, string.Join(", ", allowed));
    }

    /// <summary>
    /// With references resolved, a target found in the Bundle must conform to one of the profiles the element names for
    /// its type (when it names only profiles of that type, not the type itself).
    /// </summary>
    private void CheckTargetProfiles(string target, ElementNode def, ElementPath path, ResourceScope scope)
    {
        if (scope.Bundle is not { } bundle || bundle.Resolve(target, scope.FullUrl) is not [var index] || bundle.Resources[index] is not { } resolved) return;
        var type = resolved.Str("resourceType");
        var targetProfiles = def.Types.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfiles).ToList();
        var profiles = targetProfiles.Where(url => run.Resources.FindStructure(url) is { IsProfile: true } sd && sd.Type == type).ToList();
        if (profiles.Count == 0 || targetProfiles.Any(url => run.Resources.FindStructure(url) is { IsProfile: false } sd && sd.Type == type)) return;
        _checkingTarget++;
        try
        {
            if (profiles.All(url => run.Trial(() => run.ResourceValidator.Validate(resolved, path, scope, [url]), invariants: false).ErrorCount > 0))
                run.Outcome.Add(ValidationMessages.ReferenceTargetProfile, path, target, string.Join(", ", profiles));
        }
        finally
        {
            _checkingTarget--;
        }
    }

    private static string? TargetType(string target, ResourceScope scope)
    {
        if (target.StartsWith('#'))
            return target.Length == 1 ? scope.Container.ResourceType : ContainedById(scope.Container.Json, target[1..])?.Str("resourceType");
        if (scope.Bundle is { } bundle)
        {
            var matches = bundle.Resolve(target, scope.FullUrl);
            if (matches.Count == 1) return bundle.Entries[matches[0]].ResourceType;
        }
        if (target.StartsWith("urn:", StringComparison.Ordinal)) return null;
        var history = target.IndexOf("/_history/", StringComparison.Ordinal);
        var parts = (history > 0 ? target[..history] : target).Split('?')[0].Split('/');
        return parts.Length >= 2 && ModelInfo.FindType(parts[^2]) is { IsResource: true } type ? type.Name : null;
    }

    private static JsonElement? ContainedById(JsonElement container, string id)
    {
        if (!container.TryGetProperty("contained", out var contained) || contained.ValueKind != JsonValueKind.Array) return null;
        foreach (var r in contained.EnumerateArray())
            if (r.Str("id") == id) return r;
        return null;
    }

    /// <summary>After a resource is walked: its local references and, in a Bundle, those that must resolve inside it.</summary>
    public void CheckLocal(ResourceScope scope)
    {
        foreach (var (location, target, context) in scope.References)
        {
            if (target.StartsWith('#'))
            {
                if (target.Length > 1 && ContainedById(scope.Container.Json, target[1..]) is null)
                    run.Outcome.Add(ValidationMessages.LocalReferenceNotFound, location, target);
                continue;
            }
            if (scope.Bundle is not { } bundle || scope.ResourceType is "Bundle" or "Parameters") continue;
            if (run.Options.ResolveReferences && !BundleIndex.IsAbsolute(target) && !target.Contains('?', StringComparison.Ordinal))
            {
                if (bundle.Resolve(target, scope.FullUrl).Count == 0) run.Outcome.Add(ValidationMessages.LocalReferenceNotFound, location, target);
                continue;
            }
            var mustResolve = target.StartsWith("urn:uuid:", StringComparison.Ordinal) || target.StartsWith("urn:oid:", StringComparison.Ordinal)
                || bundle.Type == "document" && !BundleIndex.IsAbsolute(target) && !target.Contains('?', StringComparison.Ordinal);
            if (!mustResolve) continue;
            var matches = bundle.Resolve(target, scope.FullUrl);
            if (matches.Count == 0)
                run.Outcome.Add(ValidationMessages.BundleReferenceNotFound,
                    bundle.Type is "document" or "message" ? Model.IssueSeverity.Error : Model.IssueSeverity.Warning, location, target, context);
            else if (matches.Count > 1) run.Outcome.Add(ValidationMessages.BundleReferenceAmbiguous, location, matches.Count, target, context);
        }
    }
}
