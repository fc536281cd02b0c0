using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// dom-3, checked on the JSON: "If the resource is contained in another resource, it SHALL be referred to from
/// elsewhere in the resource or SHALL refer to the containing resource". A contained resource with id X is
/// referred to when a reference, canonical or uri anywhere in the container is '#X'; it refers to its container
/// when a value inside it is '#'. (The published FHIRPath form of this rule is in <see cref="InvariantValidator.Skipped"/>.)
/// </summary>
internal sealed class ContainedValidator(ValidationRun run)
{
    private const string Human = "If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource or SHALL refer to the containing resource";

    public void Check(JsonElement resource, ResourceScope scope)
    {
        if (!run.Options.ValidateContained || !run.Options.CheckInvariants) return;
        if (!resource.TryGetProperty("contained", out var contained) || contained.ValueKind != JsonValueKind.Array) return;
        var localReferences = new HashSet<string>(StringComparer.Ordinal);
        Collect(resource, localReferences);
        foreach (var item in contained.EnumerateArray())
        {
            if (item.Str("id") is not { } id || localReferences.Contains("#" + id)) continue;
            var inner = new HashSet<string>(StringComparer.Ordinal);
            Collect(item, inner);
            if (inner.Contains("#")) continue;
            run.Outcome.Add(ValidationMessages.ConstraintFailed, scope.Path, "dom-3", Human);
            return;
        }
    }

    // Every string value starting with '#' (local references, canonicals and uris).
    private static void Collect(JsonElement element, HashSet<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Collect(p.Value, found);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, found);
                break;
            // The raw value includes its quotes: decode only the strings that start with '#'.
            case JsonValueKind.String when System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element) is [_, (byte)'#', ..]:
                found.Add(element.GetString()!);
                break;
        }
    }
}
