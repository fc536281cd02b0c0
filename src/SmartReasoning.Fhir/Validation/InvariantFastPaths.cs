using System.Text.Json;
using System.Text.RegularExpressions;
using SmartReasoning.Fhir.FhirPath;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// The core invariants met on (nearly) every resource, checked on the JSON with the verdicts their FHIRPath gives
/// over the typed model, FHIRPath's empty results included (an empty result passes): dom-2/4/5/6 on every
/// DomainResource, ext-1 on every extension, ref-1 on every Reference, per-1 on every Period, and the Bundle rules.
/// Evaluated as FHIRPath, they would need each resource read a second time into the typed model, which cost more
/// than the rest of the validation. A fast path applies only to the exact published expression (a profile that
/// reuses a key with another expression gets the FHIRPath evaluation); a test compares both over the R4 examples.
/// </summary>
internal static partial class InvariantFastPaths
{
    /// <summary>A check of one invariant at an object (its focus) in a resource: false when violated, null when it
    /// is left to the FHIRPath evaluation (the cases the check does not settle).</summary>
    internal delegate bool? Check(JsonElement focus, ResourceScope scope);

    private const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private static readonly Dictionary<string, (string Expression, Check Check)> ByKey = WithDefinitionChecks(new(StringComparer.Ordinal)
    {
        ["dom-2"] = ("contained.contained.empty()", (f, _) => !AnyContained(f, c => Present(c, "contained"))),
        ["dom-4"] = ("contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()",
            (f, _) => !AnyContained(f, c => c.TryGetProperty("meta", out var m) && (Present(m, "versionId", primitive: true) || Present(m, "lastUpdated", primitive: true)))),
        ["dom-5"] = ("contained.meta.security.empty()", (f, _) => !AnyContained(f, c => c.TryGetProperty("meta", out var m) && Present(m, "security"))),
        ["dom-6"] = ("text.`div`.exists()", (f, _) => f.TryGetProperty("text", out var t) && Present(t, "div", primitive: true)),
        ["ext-1"] = ("extension.exists() != value.exists()", (f, _) => Present(f, "extension") != HasChoiceValue(f)),
        ["ref-1"] = ("reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))", LocalReference),
        ["per-1"] = ("start.hasValue().not() or end.hasValue().not() or (start <= end)", PeriodOrder),
        ["bdl-1"] = ("total.empty() or (type = 'searchset') or (type = 'history')",
            (f, _) => !Present(f, "total", primitive: true) || BundleType(f) is not { } t || t is "searchset" or "history"),
        ["bdl-2"] = ("entry.search.empty() or (type = 'searchset')",
            (f, _) => !Entries(f).Any(e => Present(e, "search")) || BundleType(f) is not { } t || t == "searchset"),
        ["bdl-3"] = ("entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
            (f, s) => EntriesAgree(f, s, "request", "batch", "transaction")),
        ["bdl-4"] = ("entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
            (f, s) => EntriesAgree(f, s, "response", "batch-response", "transaction-response")),
        ["bdl-7"] = ("(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()", DistinctFullUrls),
        ["bdl-9"] = ("type = 'document' implies (identifier.system.exists() and identifier.value.exists())",
            (f, _) => BundleType(f) != "document"
                || f.TryGetProperty("identifier", out var id) && Present(id, "system", primitive: true) && Present(id, "value", primitive: true)),
        ["bdl-10"] = ("type = 'document' implies (timestamp.hasValue())", (f, _) => BundleType(f) != "document" || HasValue(f, "timestamp")),
        ["bdl-11"] = ("type = 'document' implies entry.first().resource.is(Composition)", (f, _) => BundleType(f) != "document" || FirstResourceIs(f, "Composition")),
        ["bdl-12"] = ("type = 'message' implies entry.first().resource.is(MessageHeader)", (f, _) => BundleType(f) != "message" || FirstResourceIs(f, "MessageHeader")),
        ["bdl-5"] = ("resource.exists() or request.exists() or response.exists()",
            (f, _) => Present(f, "resource") || Present(f, "request") || Present(f, "response")),
        ["bdl-8"] = ("fullUrl.contains('/_history/').not()",
            (f, _) => f.Str("fullUrl") is not { } url || !url.Contains("/_history/", StringComparison.Ordinal)),
        ["qty-3"] = ("code.empty() or system.exists()", (f, _) => !Present(f, "code", primitive: true) || Present(f, "system", primitive: true)),
        ["cpl-3"] = ("detail.empty() or reference.empty()", (f, _) => !Present(f, "detail") || !Present(f, "reference")),
        ["obs-7"] = ("value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
            (f, _) => !MayBePresent(f, "value") || !MayBePresent(f, "component") ? true : null),
        ["con-3"] = ("clinicalStatus.exists() or verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-ver-status' and code = 'entered-in-error').exists() or category.select($this='problem-list-item').empty()",
            (f, _) => Present(f, "clinicalStatus") ? true : null),
        ["con-4"] = ("abatement.empty() or clinicalStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-clinical' and (code='resolved' or code='remission' or code='inactive')).exists()",
            (f, _) => !MayBePresent(f, "abatement") || HasCoding(f, "clinicalStatus", ConditionClinical, "resolved", "remission", "inactive")),
        ["con-5"] = ("verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-ver-status' and code='entered-in-error').empty() or clinicalStatus.empty()",
            (f, _) => !HasCoding(f, "verificationStatus", ConditionVerification, "entered-in-error") || !Present(f, "clinicalStatus")),
    });

    // concept.coding.where(system = s and (code = c1 or ...)).exists()
    private static bool HasCoding(JsonElement focus, string concept, string system, params string[] codes)
    {
        foreach (var c in Items(focus, concept))
            foreach (var coding in Items(c, "coding"))
                if (coding.Str("system") == system && coding.Str("code") is { } code && codes.Contains(code)) return true;
        return false;
    }

    /// <summary>The keys checked on the JSON (when their expression is the published one).</summary>
    public static IReadOnlyCollection<string> Keys => ByKey.Keys;

    /// <summary>The JSON check of a constraint, or null when it is evaluated as FHIRPath.</summary>
    public static Check? For(ConstraintDef constraint)
    {
        if (OnValue.TryGetValue(constraint.Key, out var onValue) && onValue.Expression == constraint.Expression) return onValue.Check;
        var check = ByKey.TryGetValue(constraint.Key, out var fast) && fast.Expression == constraint.Expression ? fast.Check : MatchesCheck(constraint.Expression);
        // These read properties of their focus: at a primitive value they leave the verdict to FHIRPath.
        return check is null ? null : (focus, scope) => focus.ValueKind == JsonValueKind.Object ? check(focus, scope) : null;
    }

    // The invariants whose focus is a primitive value (the JSON string or number itself).
    private static readonly Dictionary<string, (string Expression, Check Check)> OnValue = new(StringComparer.Ordinal)
    {
        // eld-3 on ElementDefinition.max: '*' or an integer >= 0; a value that is no integer gives an empty result (passes).
        ["eld-3"] = ("empty() or ($this = '*') or (toInteger() >= 0)", (v, _) => v.ValueKind != JsonValueKind.String ? null
            : v.GetString() is "*" ? true
            : int.TryParse(v.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n >= 0
            : null),
    };

    // "x.empty() or ...", "x.exists() implies ...": true whenever the element x is absent.
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)\.(empty\(\) or|exists\(\) implies) ")]
    private static partial Regex TrueWhenAbsent();

    /// <summary>
    /// For the many invariants that hold when a child element is absent (<c>orderDetail.empty() or code.exists()</c>,
    /// <c>abatement.empty() or ...</c>), a test on the JSON that the invariant holds, so that it is evaluated (and the
    /// typed model read) only where the element is present; null for other invariants.
    /// </summary>
    public static Func<JsonElement, bool>? HoldsFor(ConstraintDef constraint)
    {
        if (constraint.Expression is null || TrueWhenAbsent().Match(constraint.Expression) is not { Success: true } match) return null;
        var name = match.Groups[1].Value;
        return focus => !MayBePresent(focus, name);
    }

    // Whether a property may hold the element: its name, its _name companion, or a choice form (nameQuantity).
    private static bool MayBePresent(JsonElement obj, string name)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var p = property.Name.AsSpan();
            if (p.Length > 0 && p[0] == '_') p = p[1..];
            if (p.StartsWith(name, StringComparison.Ordinal) && (p.Length == name.Length || char.IsUpper(p[name.Length]))) return true;
        }
        return false;
    }

    // name.exists(): a value that is not null (an array with an item that is not null), or for a primitive its
    // _name companion (a primitive with only extensions exists).
    private static bool Present(JsonElement obj, string name, bool primitive = false)
    {
        if (obj.ValueKind != JsonValueKind.Object) return false;
        if (obj.TryGetProperty(name, out var v) && NotNull(v)) return true;
        return primitive && obj.TryGetProperty("_" + name, out var c) && NotNull(c);

        static bool NotNull(JsonElement v)
        {
            if (v.ValueKind != JsonValueKind.Array) return v.ValueKind != JsonValueKind.Null;
            foreach (var item in v.EnumerateArray())
                if (item.ValueKind != JsonValueKind.Null) return true;
            return false;
        }
    }

    // name.hasValue(): a primitive value (not only its companion).
    private static bool HasValue(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    // value.exists() on an Extension: value[x] under one of the names of a type (valueString, _valueCode...).
    private static bool HasChoiceValue(JsonElement obj) => HasChoice(obj, "value");

    // choice.exists(): choice[x] under one of the names of a type (valueString, _valueCode, fixedUri...).
    private static bool HasChoice(JsonElement obj, string choice)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = property.Name;
            var start = name.StartsWith(choice, StringComparison.Ordinal) ? choice.Length
                : name.Length > 0 && name[0] == '_' && name.AsSpan(1).StartsWith(choice, StringComparison.Ordinal) ? choice.Length + 1 : -1;
            if (start < 0 || name.Length == start || !char.IsUpper(name[start]) || property.Value.ValueKind == JsonValueKind.Null) continue;
            if (Primitives.IsKnownType(name[start..])) return true;
        }
        return false;
    }

    private static IEnumerable<JsonElement> Items(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) yield break;
        if (v.ValueKind == JsonValueKind.Object) yield return v;
        else if (v.ValueKind == JsonValueKind.Array)
            foreach (var item in v.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object) yield return item;
    }

    private static bool AnyContained(JsonElement resource, Func<JsonElement, bool> test)
    {
        foreach (var contained in Items(resource, "contained"))
            if (test(contained)) return true;
        return false;
    }

    private static IEnumerable<JsonElement> Entries(JsonElement bundle) => Items(bundle, "entry");

    private static string? BundleType(JsonElement bundle) => bundle.Str("type");

    // ref-1: a local reference ('#id') names a contained resource of the root resource (the container, for a
    // reference inside a contained resource).
    private static bool? LocalReference(JsonElement reference, ResourceScope scope)
    {
        if (reference.Str("reference") is not { } text || !text.StartsWith('#')) return true;
        var root = scope.IsContained ? scope.Parent : scope;
        if (root is null) return false;
        var id = text[1..];
        foreach (var contained in Items(root.Json, "contained"))
            if (contained.Str("id") == id) return true;
        return false;
    }

    // per-1: start <= end, as FHIRPath compares dateTimes (an empty result when the precisions do not allow it).
    private static bool? PeriodOrder(JsonElement period, ResourceScope scope)
    {
        if (!HasValue(period, "start") || !HasValue(period, "end")) return true;
        if (!FhirPathDateTime.TryParse(period.Str("start"), out var start) || !FhirPathDateTime.TryParse(period.Str("end"), out var end)
            || start is null || end is null)
            return true;
        return Operators.Compare(start, end) is not > 0;
    }

    // bdl-3, bdl-4: every entry has a request (a response) exactly when the Bundle's type calls for one. Without
    // a type, the comparison is empty, and all() is then false.
    private static bool EntriesAgree(JsonElement bundle, ResourceScope scope, string part, string type1, string type2)
    {
        var type = BundleType(scope.Json);
        foreach (var entry in Entries(bundle))
        {
            if (type is null) return false;
            if (Present(entry, part) != (type == type1 || type == type2 || type == "history")) return false;
        }
        return true;
    }

    // bdl-7: fullUrl and meta.versionId unique across entries, unless a history; without a type the result is empty.
    private static bool? DistinctFullUrls(JsonElement bundle, ResourceScope scope)
    {
        var type = BundleType(bundle);
        if (type is null || type == "history") return true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(bundle))
        {
            if (!Present(entry, "fullUrl", primitive: true)) continue;
            var version = entry.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("meta", out var m) ? m.Str("versionId") : null;
            if (!seen.Add((entry.Str("fullUrl") ?? "") + (version ?? ""))) return false;
        }
        return true;
    }

    // entry.first().resource.is(T): empty (passes) without a first entry, a resource, or a known resource type.
    private static bool FirstResourceIs(JsonElement bundle, string type)
    {
        foreach (var entry in Entries(bundle))
        {
            if (!entry.TryGetProperty("resource", out var resource) || resource.Str("resourceType") is not { } actual) return true;
            return actual == type || Model.ModelInfo.FindType(actual) is null;
        }
        return true;
    }
}
