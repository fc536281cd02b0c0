using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Slicing: each item of a sliced element is assigned to the first slice whose discriminators it meets
/// (value and pattern: the slice's fixed or pattern value at the discriminator path; exists; type; profile: the
/// item validates against the profile). Then each slice's cardinality, closed slicing (an item matching no
/// slice) and ordered slicing are checked. A discriminator whose value the slice does not state is decided by
/// validating the item against the whole slice.
/// </summary>
internal sealed class SlicingValidator(ValidationRun run)
{
    public int[] Assign(List<Item> items, ElementNode sliced, ElementPath path, ResourceScope scope)
    {
        var slicing = sliced.Slicing!;
        var assigned = new int[items.Count];
        var counts = new int[sliced.Slices.Count];
        for (var i = 0; i < items.Count; i++)
        {
            assigned[i] = -1;
            for (var s = 0; s < sliced.Slices.Count; s++)
            {
                if (!Matches(items[i], sliced.Slices[s], slicing, ElementValidator.ItemPath(path, sliced, items[i]), scope)) continue;
                assigned[i] = s;
                counts[s]++;
                break;
            }
        }
        for (var s = 0; s < sliced.Slices.Count; s++)
        {
            var slice = sliced.Slices[s];
            if (counts[s] < slice.Min)
                run.Outcome.Add(ValidationMessages.SliceMin, path, slice.Display, slice.Owner.VersionedUrl);
            if (slice.Max >= 0 && counts[s] > slice.Max)
                run.Outcome.Add(ValidationMessages.SliceMax, path, slice.Display, slice.Max, counts[s], slice.Owner.VersionedUrl);
        }
        var last = -1;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ElementValidator.ItemPath(path, sliced, items[i]);
            if (assigned[i] < 0)
            {
                if (slicing.Rules == "closed") run.Outcome.Add(ValidationMessages.SliceClosed, itemPath, sliced.Owner.VersionedUrl);
                else if (slicing.Rules == "openAtEnd") last = int.MaxValue;
                continue;
            }
            if (slicing.Ordered && assigned[i] < last) run.Outcome.Add(ValidationMessages.SliceOrder, itemPath, sliced.Owner.VersionedUrl, sliced.Slices[assigned[i]].Display);
            last = Math.Max(last, assigned[i]);
        }
        return assigned;
    }

    private bool Matches(Item item, ElementNode slice, SlicingDef slicing, ElementPath itemPath, ResourceScope scope)
    {
        if (slicing.Discriminators.Count == 0) return WholeSliceMatches(item, slice, itemPath, scope);
        foreach (var d in slicing.Discriminators)
        {
            bool? answer = d.Type switch
            {
                "value" or "pattern" => ValueMatches(item, slice, d.Path, scope),
                "exists" => ExistsMatches(item, slice, d.Path, scope),
                "type" => TypeMatches(item, slice, d.Path, scope),
                "profile" => ProfileMatches(item, slice, d.Path, itemPath, scope),
                _ => null,
            };
            answer ??= WholeSliceMatches(item, slice, itemPath, scope);
            if (answer == false) return false;
        }
        return true;
    }

    private bool WholeSliceMatches(Item item, ElementNode slice, ElementPath itemPath, ResourceScope scope) =>
        run.Trial(() => run.Elements.ValidateItem(item, slice, itemPath, scope, "", slice.Path)).ErrorCount == 0;

    private bool? ValueMatches(Item item, ElementNode slice, string path, ResourceScope scope)
    {
        var expected = ExpectedValue(slice, path);
        if (expected is null) return null;
        var values = Values(item, path, scope);
        return values.Any(v => FixedPatternValidator.Matches(v, expected.Value));
    }

    private bool? ExistsMatches(Item item, ElementNode slice, string path, ResourceScope scope)
    {
        var target = Navigate(slice, path);
        if (target is null) return null;
        var exists = Values(item, path, scope).Count > 0;
        if (target.Min > 0) return exists;
        if (target.Max == 0) return !exists;
        return null;
    }

    private bool? TypeMatches(Item item, ElementNode slice, string path, ResourceScope scope)
    {
        var target = Navigate(slice, path);
        if (target is null || target.Types.Count == 0) return null;
        var expected = target.Types.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        if (Strip(path) is "$this" or "")
        {
            if (item.Value is { ValueKind: JsonValueKind.Object } v && v.Str("resourceType") is { } rt) return expected.Contains(rt) || expected.Contains("Resource");
            return expected.Contains(item.TypeCode);
        }
        var values = Values(item, path, scope);
        if (values.Count == 0) return false;
        return values.Any(v => v.Str("resourceType") is { } t ? expected.Contains(t) || expected.Contains("Resource") : true);
    }

    private bool? ProfileMatches(Item item, ElementNode slice, string path, ElementPath itemPath, ResourceScope scope)
    {
        var target = Navigate(slice, path);
        if (target is null) return null;
        var profiles = target.Types.SelectMany(t => path.Contains("resolve()", StringComparison.Ordinal) ? t.TargetProfiles : t.Profiles).ToList();
        if (profiles.Count == 0) return null;
        var values = Values(item, path, scope);
        foreach (var value in values)
            foreach (var profile in profiles)
            {
                if (run.Resources.FindStructure(profile) is not { } sd) continue;
                var errors = value.Str("resourceType") is not null
                    ? run.Trial(() => run.ResourceValidator.Validate(value, itemPath, scope, [profile]), invariants: false).ErrorCount
                    : run.Trial(() => run.Elements.ValidateItem(item with { Value = value }, sd.Root, itemPath, scope, "", sd.Type), invariants: false).ErrorCount;
                if (errors == 0) return true;
            }
        return false;
    }

    private static string Strip(string path) => path.StartsWith("$this", StringComparison.Ordinal) ? path.Length > 5 ? path[6..] : "" : path;

    // The element of the slice a discriminator path names: through the slice's children, then its type's profile.
    private ElementNode? Navigate(ElementNode slice, string path)
    {
        var node = slice;
        foreach (var segment in Strip(path).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.StartsWith("ofType(", StringComparison.Ordinal) || segment == "resolve()") continue;
            var name = segment.StartsWith("extension(", StringComparison.Ordinal) ? "extension" : segment;
            var children = node.Children.Count > 0 ? node.Children : ProfileOf(node)?.Root.Children ?? [];
            var child = children.FirstOrDefault(c => c.Name == name || c.IsChoice && c.BaseName == name);
            if (child is null) return null;
            if (name == "extension" && segment.Length > 11)
            {
                var url = segment[11..^2];
                child = child.Slices.FirstOrDefault(s => s.Types.Any(t => t.Profiles.Contains(url)) || s.SliceName == url) ?? child;
            }
            node = child;
        }
        return node;
    }

    private StructureDefinitionInfo? ProfileOf(ElementNode node)
    {
        foreach (var type in node.Types)
            foreach (var profile in type.Profiles)
                if (run.Resources.FindStructure(profile) is { } sd) return sd;
        return node.Types.Count == 1 && !Primitives.IsPrimitive(node.Types[0].Code) ? run.Resources.FindType(node.Types[0].Code) : null;
    }

    private JsonElement? ExpectedValue(ElementNode slice, string path)
    {
        // An extension slice is told by its url, which is its definition's canonical.
        if (Strip(path) == "url" && slice.Types.FirstOrDefault()?.Profiles.FirstOrDefault() is { } extensionUrl
            && slice.Children.FirstOrDefault(c => c.Name == "url")?.Fixed is null)
            return JsonSerializer.SerializeToElement(extensionUrl);
        var target = Navigate(slice, path);
        if (target is null) return null;
        return target.Fixed ?? target.Pattern;
    }

    // The JSON values at a FHIRPath-like discriminator path from the item.
    private static List<JsonElement> Values(Item item, string path, ResourceScope scope)
    {
        var current = new List<JsonElement>();
        if (item.Value is { } v) current.Add(v);
        var segments = Strip(path).Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var next = new List<JsonElement>();
            if (segment == "resolve()")
            {
                foreach (var reference in current)
                    if (Resolve(reference.Str("reference"), scope) is { } resolved) next.Add(resolved);
            }
            else if (segment.StartsWith("ofType(", StringComparison.Ordinal)) continue;
            else
            {
                string? url = null;
                var name = segment;
                if (segment.StartsWith("extension(", StringComparison.Ordinal)) { name = "extension"; url = segment[11..^2]; }
                var typeSuffix = i + 1 < segments.Length && segments[i + 1].StartsWith("ofType(", StringComparison.Ordinal) ? segments[i + 1][7..^1] : null;
                foreach (var value in current)
                {
                    if (value.ValueKind != JsonValueKind.Object) continue;
                    foreach (var p in value.EnumerateObject())
                    {
                        var isMatch = p.Name == name
                            || typeSuffix is not null && p.Name.Equals(name + typeSuffix, StringComparison.OrdinalIgnoreCase)
                            || typeSuffix is null && p.Name.Length > name.Length && p.Name.StartsWith(name, StringComparison.Ordinal) && char.IsUpper(p.Name[name.Length]);
                        if (!isMatch) continue;
                        if (p.Value.ValueKind == JsonValueKind.Array) next.AddRange(p.Value.EnumerateArray());
                        else next.Add(p.Value);
                    }
                }
                if (url is not null) next = [.. next.Where(e => e.Str("url") == url)];
            }
            current = next;
        }
        return current;
    }

    private static JsonElement? Resolve(string? reference, ResourceScope scope)
    {
        if (reference is null) return null;
        if (reference.StartsWith('#'))
        {
            if (scope.Container.Json.TryGetProperty("contained", out var contained) && contained.ValueKind == JsonValueKind.Array)
                foreach (var r in contained.EnumerateArray())
                    if (r.Str("id") == reference[1..]) return r;
            return null;
        }
        if (scope.Bundle is not { } bundle) return null;
        var matches = bundle.Resolve(reference, scope.FullUrl);
        if (matches.Count != 1) return null;
        var root = scope;
        while (root.Parent is not null && root.ResourceType != "Bundle") root = root.Parent;
        return root.Json.TryGetProperty("entry", out var entries) && entries[matches[0]].TryGetProperty("resource", out var res) ? res : null;
    }
}
