using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Extensions: the definition is found by <c>url</c> (or is the slice's profile), must allow the context it is
/// used in, and be (or not be) a modifier as its property says; an extension without a definition is an error
/// unless its domain is allowed. The walker then validates the extension's content against the definition.
/// </summary>
internal sealed class ExtensionValidator(ValidationRun run)
{
    public StructureDefinitionInfo? Resolve(JsonElement extension, ElementNode def, ElementPath path, string parentType, string parentPath, string jsonName)
    {
        var url = extension.Str("url");
        if (url is null)
        {
            run.Outcome.Add(ValidationMessages.ExtensionUrlMissing, path);
            return null;
        }
        // A complex extension's own parts are named by plain (relative) urls and defined by its slices.
        if (!url.Contains(':', StringComparison.Ordinal)) return null;
        StructureDefinitionInfo? sd = null;
        foreach (var type in def.Types)
            foreach (var profile in type.Profiles)
                sd ??= run.Resources.FindStructure(profile);
        if (sd is null || sd.Url == "http://hl7.org/fhir/StructureDefinition/Extension") sd = run.Resources.FindStructure(url);
        if (sd is null)
        {
            Unknown(url, path);
            return null;
        }
        if (url.Contains('|', StringComparison.Ordinal)) run.Outcome.Add(ValidationMessages.ExtensionVersioned, path, url);
        var isModifier = sd.Root.Children.Count > 0 && sd.Json.TryGetProperty("snapshot", out _) && IsModifier(sd);
        if (jsonName == "modifierExtension" && !isModifier) run.Outcome.Add(ValidationMessages.ModifierExtensionNotModifier, path, url);
        if (jsonName == "extension" && isModifier) run.Outcome.Add(ValidationMessages.ExtensionIsModifier, path, url);
        CheckContext(sd, url, path, parentType, parentPath);
        return sd;
    }

    private void Unknown(string url, ElementPath path)
    {
        if (run.Options.AllowedExtensionDomains.Any(d => url.StartsWith(d, StringComparison.Ordinal))) return;
        if (PrimitiveValidator.IsExampleUrl(url))
        {
            if (!run.Options.AllowExampleUrls)
            {
                run.Outcome.Add(ValidationMessages.ExtensionUnknown, path, url);
                run.Outcome.Add(ValidationMessages.ExampleUrl, path + ".url", url);
            }
            return;
        }
        // The R4 package does not hold every extension HL7 published: an unknown one of HL7's is a warning.
        if (run.Options.AllowUnknownExtensions || url.StartsWith("http://hl7.org/fhir/", StringComparison.Ordinal)
            || url.StartsWith("http://terminology.hl7.org/", StringComparison.Ordinal))
            run.Outcome.Add(ValidationMessages.ExtensionUnknownAllowed, path, url);
        else run.Outcome.Add(ValidationMessages.ExtensionUnknown, path, url);
    }

    private static bool IsModifier(StructureDefinitionInfo sd) =>
        sd.Json.GetProperty("snapshot").GetProperty("element")[0].TryGetProperty("isModifier", out var m) && m.ValueKind == JsonValueKind.True;

    private void CheckContext(StructureDefinitionInfo sd, string url, ElementPath path, string parentType, string parentPath)
    {
        if (!sd.Json.TryGetProperty("context", out var contexts) || contexts.ValueKind != JsonValueKind.Array || contexts.GetArrayLength() == 0) return;
        var allowed = new List<string>();
        foreach (var context in contexts.EnumerateArray())
        {
            var type = context.Str("type");
            var expression = context.Str("expression") ?? "";
            if (type != "element") return; // fhirpath and extension contexts are not checked here
            allowed.Add(expression);
            if (Matches(expression, parentType, parentPath)) return;
        }
        if (allowed.Contains("CanonicalResource") || allowed.Contains("MetadataResource"))
            if (parentPath == parentType && run.Resources.FindType(parentType)?.Root.Children is { } top && IsCanonical(top)) return;
        // The R4 core's own snapshots put this one on ElementDefinition.type, not on the type.code its context names.
        if (url == "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type" && parentPath.EndsWith("ElementDefinition.type", StringComparison.Ordinal)) return;
        // Inside a datatype the context names the datatype's element: HumanName.family for Patient.name.family.
        foreach (var alias in DatatypePaths(parentPath))
            if (allowed.Contains(alias)) return;
        // Contexts inside datatypes (HumanName.family) are held strictly; resource contexts stay warnings, since the R4
        // core package itself breaks them (structuredefinition-normative-version on CodeSystem, ...).
        var severity = allowed.All(IsDatatypeContext) ? IssueSeverity.Error : ValidationMessages.ExtensionContext.Severity;
        run.Outcome.Add(ValidationMessages.ExtensionContext, severity, path, url, string.Join(", ", allowed), parentPath);
    }

    private bool IsDatatypeContext(string expression) =>
        run.Resources.FindType(expression.Split('.')[0]) is { Kind: "complex-type" or "primitive-type" };

    // R5's CanonicalResource (cross-version extensions name it) in R4 terms: a resource with url, version and status.
    private static bool IsCanonical(List<ElementNode> top) =>
        top.Any(c => c.Name == "url") && top.Any(c => c.Name == "version") && top.Any(c => c.Name == "status");

    // Patient.address.line as Address.line: the path from each datatype met along the way, below the resource.
    private IEnumerable<string> DatatypePaths(string parentPath)
    {
        var segments = parentPath.Split('.');
        var node = run.Resources.FindType(segments[0])?.Root;
        for (var i = 1; i < segments.Length && node is not null; i++)
        {
            var child = node.Children.FirstOrDefault(c => c.Name == segments[i]);
            if (child is null) yield break;
            if (child.Children.Count > 0 || child.Types.Count != 1) { node = child; continue; }
            var type = run.Resources.FindType(child.Types[0].Code);
            if (type is null) yield break;
            if (i + 1 < segments.Length) yield return type.Type + "." + string.Join('.', segments[(i + 1)..]);
            node = type.Root;
        }
    }

    private static bool Matches(string expression, string parentType, string parentPath)
    {
        var actual = ModelInfo.FindType(parentType);
        switch (expression)
        {
            case "Element" or "Base":
                return true;
            case "Resource" or "DomainResource":
                return actual is { IsResource: true };
        }
        if (expression == parentType || expression == parentPath) return true;
        if (actual is not null && ModelInfo.FindType(expression) is { } wanted && actual.IsA(wanted)) return true;
        // Backbone elements are named by path in both ("Patient.contact").
        return parentType is "BackboneElement" or "Element" && expression == parentPath;
    }

}
