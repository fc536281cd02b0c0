using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Validates one resource (the root, a contained resource, a Bundle entry, a Parameters resource) against its
/// base definition, the profiles asked for and those its <c>meta.profile</c> claims; then its references and,
/// for a Bundle, the Bundle rules.
/// </summary>
internal sealed class ResourceValidator(ValidationRun run)
{
    public void Validate(JsonElement json, ElementPath path, ResourceScope? parent, IReadOnlyList<string> profiles,
        bool isContained = false, string? fullUrl = null)
    {
        var resourceType = json.Str("resourceType");
        if (resourceType is null)
        {
            run.Outcome.Add(ValidationMessages.ResourceTypeMissing, path);
            return;
        }
        var core = run.Resources.FindType(resourceType);
        if (core is null || core.Kind != "resource")
        {
            run.Outcome.Add(ValidationMessages.UnknownResourceType, path, resourceType);
            return;
        }
        var id = json.Str("id");
        var location = parent is null ? path : path.Resource(resourceType, id);
        var scope = new ResourceScope(json, location, parent)
        {
            IsContained = isContained,
            FullUrl = fullUrl ?? parent?.FullUrl,
            Bundle = resourceType == "Bundle" || resourceType == "Parameters" && run.Options.ResolveReferences ? new BundleIndex(json) : parent?.Bundle,
        };

        var definitions = new List<StructureDefinitionInfo> { core };
        foreach (var url in profiles)
            AddProfile(url, definitions, location, resourceType, null);
        foreach (var url in run.Resources.GlobalProfiles(resourceType))
            AddProfile(url, definitions, location, resourceType, null);
        var metaProfiles = json.TryGetProperty("meta", out var meta) ? meta.StrList("profile") : [];
        for (var i = 0; i < metaProfiles.Count; i++)
            AddProfile(metaProfiles[i], definitions, location, resourceType, $"{location}.meta.profile[{i}]");

        foreach (var sd in definitions)
        {
            run.Elements.ValidateChildren(json, sd.Root.Children, location, scope, resourceType, resourceType, isResourceRoot: true);
            run.Invariants.Check(sd.Root, null, json, location, scope);
        }
        if (resourceType == "Observation") VitalSignCodes.Check(json, location, run.Outcome);
        run.References.CheckLocal(scope);
        run.Contained.Check(json, scope);
        if (resourceType == "StructureDefinition" && !json.TryGetProperty("snapshot", out _) && json.TryGetProperty("differential", out _))
            CheckSnapshotGeneration(json, location);
        if (resourceType == "Bundle") run.Bundles.Validate(json, scope);
    }

    // A StructureDefinition given without a snapshot must be one a snapshot can be generated for.
    private void CheckSnapshotGeneration(JsonElement json, ElementPath location)
    {
        var info = StructureDefinitionInfo.Build(json, run.Resources);
        if (info is null)
        {
            run.Outcome.Add(ValidationMessages.SnapshotProblem, Model.IssueSeverity.Warning, location, json.Str("url"), "no snapshot could be generated (the base definition is missing, or derives from this one)");
            return;
        }
        foreach (var problem in info.SnapshotErrors)
            run.Outcome.Add(ValidationMessages.SnapshotProblem, location, info.Url, problem);
    }

    private void AddProfile(string url, List<StructureDefinitionInfo> definitions, ElementPath location, string resourceType, string? profileLocation)
    {
        if (definitions.Any(d => d.Url == ConformanceResources.StripVersion(url))) return;
        var sd = run.Resources.FindStructure(url);
        if (sd is null)
        {
            run.Outcome.Add(ValidationMessages.ProfileUnknown, profileLocation ?? location.ToString(), url);
            return;
        }
        if (sd.Type != resourceType)
        {
            run.Outcome.Add(ValidationMessages.ProfileWrongType, profileLocation ?? location.ToString(), url, sd.Type, resourceType);
            return;
        }
        foreach (var problem in sd.SnapshotErrors)
            run.Outcome.Add(ValidationMessages.SnapshotProblem, location, sd.Url, problem);
        definitions.Add(sd);
    }
}
