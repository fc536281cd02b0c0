using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Bundle rules beyond its invariants (bdl-1..12, which the invariant validator evaluates): fullUrl absolute and
/// agreeing with the resource's id, link relations that may occur once, search results with ids.
/// References resolving inside the Bundle are checked by <see cref="ReferenceValidator"/> as each entry is walked.
/// </summary>
internal sealed class BundleValidator(ValidationRun run)
{
    private static readonly string[] SingleLinks = ["self", "first", "previous", "prev", "next", "last"];

    public void Validate(JsonElement bundle, ResourceScope scope)
    {
        if (bundle.TryGetProperty("link", out var links) && links.ValueKind == JsonValueKind.Array)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var link in links.EnumerateArray())
            {
                if (link.Str("relation") is { } relation && SingleLinks.Contains(relation) && !seen.Add(relation))
                    run.Outcome.Add(ValidationMessages.BundleLinkDuplicate, $"{scope.Path}.link[{i}]", relation);
                i++;
            }
        }
        if (!bundle.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array) return;
        var type = bundle.Str("type");
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var location = $"{scope.Path}.entry[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object) continue;
            var resource = entry.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
            if (entry.Str("fullUrl") is { } fullUrl)
            {
                if (!BundleIndex.IsAbsolute(fullUrl)) run.Outcome.Add(ValidationMessages.FullUrlNotAbsolute, location, fullUrl);
                else if (resource is { } res && res.Str("id") is { } id && res.Str("resourceType") is { } rt
                         && fullUrl.StartsWith("http", StringComparison.Ordinal) && fullUrl.Contains("/" + rt + "/", StringComparison.Ordinal)
                         && !fullUrl.EndsWith("/" + rt + "/" + id, StringComparison.Ordinal))
                    run.Outcome.Add(ValidationMessages.FullUrlMismatch, location, fullUrl, rt, id);
            }
            if (type == "searchset" && resource is { } found && found.Str("id") is null
                && entry.TryGetProperty("search", out var search) && search.Str("mode") is null or "match")
                run.Outcome.Add(ValidationMessages.SearchResultNoId, $"{location}.resource");
        }
    }
}
