using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// Builds a snapshot from a profile's differential and its base's snapshot, the way the spec describes it:
/// each differential element is found by its id in the base (a slice is added as a copy of the element it
/// slices; a path below a datatype unfolds that datatype's definition first; <c>valueQuantity</c> matches
/// <c>value[x]</c>), then the differential's properties replace the base's, constraints accumulating.
/// Not covered: re-slicing rules and checking that a profile only narrows its base.
/// </summary>
internal static class SnapshotGenerator
{
    public sealed record Result(List<JsonObject> Elements, List<string> Errors);

    public static Result Generate(StructureDefinitionInfo profile, ConformanceResources resources)
    {
        var errors = new List<string>();
        var baseInfo = resources.FindStructure(profile.BaseDefinition);
        if (baseInfo is null)
        {
            errors.Add($"the base definition '{profile.BaseDefinition}' was not found");
            return new Result([], errors);
        }
        var result = baseInfo.SnapshotElements.Select(e => (JsonObject)e.DeepClone()).ToList();
        foreach (var e in result) if (e["id"] is null) e["id"] = e["path"]?.GetValue<string>();
        if (!profile.Json.TryGetProperty("differential", out var diff) || !diff.TryGetProperty("element", out var diffElements))
            return new Result(result, errors);

        foreach (var d in diffElements.EnumerateArray())
        {
            var de = (JsonObject)JsonNode.Parse(d.GetRawText())!;
            var path = de["path"]?.GetValue<string>() ?? "";
            var sliceName = de["sliceName"]?.GetValue<string>();
            var id = de["id"]?.GetValue<string>() ?? (sliceName is null ? path : path + ":" + sliceName);
            if (sliceName is not null && !id.EndsWith(":" + sliceName, StringComparison.Ordinal)) id = path + ":" + sliceName;
            var idLast = id[(id.LastIndexOf('.') + 1)..].Split(':')[0];
            var pathLast = path[(path.LastIndexOf('.') + 1)..];
            if (idLast != pathLast)
            {
                errors.Add($"The element id '{id}' and path '{path}' name different elements");
                continue;
            }
            var index = Locate(result, ref id, de, resources);
            if (index < 0)
            {
                errors.Add($"No match found for {id} in the generated snapshot: check that the path and definitions are legal in the differential");
                continue;
            }
            Merge(result[index], de, errors);
        }
        return new Result(result, errors);
    }

    private static int IndexOfId(List<JsonObject> elements, string id)
    {
        for (var i = 0; i < elements.Count; i++)
            if (elements[i]["id"]?.GetValue<string>() == id) return i;
        return -1;
    }

    private static int Locate(List<JsonObject> result, ref string id, JsonObject diff, ConformanceResources resources)
    {
        var found = IndexOfId(result, id);
        if (found >= 0) return found;
        var segments = id.Split('.');
        var prefix = segments[0];
        for (var s = 1; s < segments.Length; s++)
        {
            var candidate = prefix + "." + segments[s];
            if (IndexOfId(result, candidate) < 0)
            {
                // valueQuantity names value[x] restricted to Quantity.
                var choice = ChoiceFor(result, prefix, segments[s]);
                if (choice is not null)
                {
                    segments[s] = choice.Value.Name + (choice.Value.Slice is null ? "" : ":" + choice.Value.Slice);
                    candidate = prefix + "." + segments[s];
                    if (s == segments.Length - 1 && diff["type"] is null)
                        diff["type"] = new JsonArray(new JsonObject { ["code"] = choice.Value.Type });
                }
            }
            if (IndexOfId(result, candidate) < 0)
            {
                var colon = segments[s].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && IndexOfId(result, prefix + "." + segments[s][..colon]) is var slicedIndex and >= 0)
                    AddSlice(result, slicedIndex, segments[s][(colon + 1)..]);
                else if (IndexOfId(result, prefix) is var parentIndex and >= 0 && !HasChildren(result, parentIndex))
                    Unfold(result, parentIndex, resources, segments[s]);
            }
            prefix = candidate;
            if (IndexOfId(result, prefix) < 0) return -1;
        }
        id = prefix;
        if (diff["path"] is not null)
        {
            // Keep the path in step with a renamed choice segment.
            var parts = id.Split('.').Select(p => p.Contains(':', StringComparison.Ordinal) ? p[..p.IndexOf(':', StringComparison.Ordinal)] : p);
            diff["path"] = string.Join('.', parts);
        }
        return IndexOfId(result, id);
    }

    private static (string Name, string? Slice, string Type)? ChoiceFor(List<JsonObject> result, string prefix, string segment)
    {
        var colon = segment.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? segment : segment[..colon];
        var slice = colon < 0 ? null : segment[(colon + 1)..];
        for (var i = 1; i < name.Length; i++)
        {
            if (!char.IsUpper(name[i])) continue;
            var choiceId = prefix + "." + name[..i] + "[x]";
            var index = IndexOfId(result, choiceId);
            if (index < 0) continue;
            var type = LowerFirstIfPrimitive(name[i..]);
            // valueBla names no type of value[x]: no match.
            if (result[index]["type"] is JsonArray types && !types.Any(t => t?["code"]?.GetValue<string>() == type)) return null;
            return (name[..i] + "[x]", slice, type);
        }
        return null;
    }

    private static string LowerFirstIfPrimitive(string type) =>
        type is "Boolean" or "Integer" or "String" or "Decimal" or "Uri" or "Url" or "Canonical" or "Base64Binary" or "Instant"
            or "Date" or "DateTime" or "Time" or "Code" or "Oid" or "Id" or "Markdown" or "UnsignedInt" or "PositiveInt" or "Uuid"
            ? char.ToLowerInvariant(type[0]) + type[1..] : type;

    private static bool HasChildren(List<JsonObject> result, int index)
    {
        var id = result[index]["id"]!.GetValue<string>();
        return index + 1 < result.Count && (result[index + 1]["id"]?.GetValue<string>() ?? "").StartsWith(id + ".", StringComparison.Ordinal);
    }

    private static int EndOfBlock(List<JsonObject> result, int index)
    {
        var id = result[index]["id"]!.GetValue<string>();
        var end = index + 1;
        while (end < result.Count && result[end]["id"]?.GetValue<string>() is { } next
               && (next.StartsWith(id + ".", StringComparison.Ordinal) || next.StartsWith(id + ":", StringComparison.Ordinal)))
            end++;
        return end;
    }

    // A new slice: a copy of the sliced element and the elements below it (not its other slices), after them.
    private static void AddSlice(List<JsonObject> result, int slicedIndex, string sliceName)
    {
        var slicedId = result[slicedIndex]["id"]!.GetValue<string>();
        var sliceId = slicedId + ":" + sliceName;
        var copies = new List<JsonObject>();
        var head = (JsonObject)result[slicedIndex].DeepClone();
        head.Remove("slicing");
        head["id"] = sliceId;
        head["sliceName"] = sliceName;
        copies.Add(head);
        for (var i = slicedIndex + 1; i < result.Count; i++)
        {
            var id = result[i]["id"]?.GetValue<string>() ?? "";
            if (id.StartsWith(slicedId + ":", StringComparison.Ordinal)) continue;
            if (!id.StartsWith(slicedId + ".", StringComparison.Ordinal)) break;
            var copy = (JsonObject)result[i].DeepClone();
            copy["id"] = sliceId + id[slicedId.Length..];
            copies.Add(copy);
        }
        result.InsertRange(EndOfBlock(result, slicedIndex), copies);
    }

    // The elements of the element's type (or of the element a contentReference points to), re-rooted under it.
    private static void Unfold(List<JsonObject> result, int index, ConformanceResources resources, string child)
    {
        var element = result[index];
        var id = element["id"]!.GetValue<string>();
        var path = element["path"]!.GetValue<string>();
        var inserted = new List<JsonObject>();
        if (element["contentReference"]?.GetValue<string>() is { } reference && reference.StartsWith('#'))
        {
            var target = reference[1..];
            var start = result.FindIndex(e => e["path"]?.GetValue<string>() == target);
            if (start < 0) return;
            for (var i = start + 1; i < result.Count; i++)
            {
                var p = result[i]["path"]?.GetValue<string>() ?? "";
                if (!p.StartsWith(target + ".", StringComparison.Ordinal)) break;
                var copy = (JsonObject)result[i].DeepClone();
                copy["path"] = path + p[target.Length..];
                copy["id"] = id + (copy["id"]?.GetValue<string>() ?? p)[target.Length..];
                inserted.Add(copy);
            }
        }
        else if (element["type"] is JsonArray { Count: > 0 } types
                 && (types.Count == 1 ? types[0] : types.FirstOrDefault(t => HasElement(resources, t?["code"]?.GetValue<string>(), child))) is JsonObject type)
        {
            // Below a choice of several types (value[x].value), the first type that has the element is meant.
            var profile = (type["profile"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
            var info = (profile is null ? null : resources.FindStructure(profile)) ?? resources.FindType(type["code"]?.GetValue<string>() ?? "");
            if (info is null) return;
            var typeRoot = info.SnapshotElements[0]["path"]!.GetValue<string>();
            foreach (var e in info.SnapshotElements.Skip(1))
            {
                var copy = (JsonObject)e.DeepClone();
                var p = copy["path"]!.GetValue<string>();
                var eid = copy["id"]?.GetValue<string>() ?? p;
                copy["path"] = path + p[typeRoot.Length..];
                copy["id"] = id + eid[typeRoot.Length..];
                inserted.Add(copy);
            }
        }
        result.InsertRange(index + 1, inserted);
    }

    private static bool HasElement(ConformanceResources resources, string? type, string child) =>
        type is not null && char.IsUpper(type[0]) && resources.FindType(type) is { } info && info.Root.Children.Any(c => c.Name == child);

    private static void Merge(JsonObject target, JsonObject diff, List<string> errors)
    {
        // A profile may narrow its base, not contradict it: a fixed value cannot be changed.
        foreach (var (name, value) in diff)
            if (name.StartsWith("fixed", StringComparison.Ordinal) && target[name] is { } old && !JsonNode.DeepEquals(old, value))
                errors.Add($"{target["path"]}: Value is '{value}' but is fixed to '{old}' in the base definition");
        foreach (var (name, value) in diff.ToList())
        {
            switch (name)
            {
                case "id" or "path":
                    continue;
                case "constraint" when target["constraint"] is JsonArray existing && value is JsonArray added:
                    var keys = existing.Select(c => c?["key"]?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    foreach (var c in added)
                        if (!keys.Contains(c?["key"]?.GetValue<string>())) existing.Add(c!.DeepClone());
                    continue;
                default:
                    if (name.StartsWith("fixed", StringComparison.Ordinal) || name.StartsWith("pattern", StringComparison.Ordinal))
                        foreach (var old in target.Select(p => p.Key).Where(k => k.StartsWith("fixed", StringComparison.Ordinal) || k.StartsWith("pattern", StringComparison.Ordinal)).ToList())
                            target.Remove(old);
                    target[name] = value?.DeepClone();
                    break;
            }
        }
    }
}
