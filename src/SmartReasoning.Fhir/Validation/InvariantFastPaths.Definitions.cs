using System.Text.Json;
using System.Text.RegularExpressions;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.FhirPath.Functions;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// The invariants of the conformance resources (eld-* on every ElementDefinition, sdf-* on StructureDefinitions and
/// their snapshots, csd-*, vsd-*) checked on the JSON: the examples corpus holds some 3,000 of these resources, and
/// evaluating their invariants as FHIRPath meant reading each into the typed model. Each check settles only the
/// common JSON shapes (string values, no <c>_name</c> companions) and leaves the others (null) to FHIRPath.
/// </summary>
internal static partial class InvariantFastPaths
{
    private static Dictionary<string, (string Expression, Check Check)> WithDefinitionChecks(Dictionary<string, (string Expression, Check Check)> byKey)
    {
        byKey["eld-2"] = ("min.empty() or max.empty() or (max = '*') or iif(max != '*', min <= max.toInteger())", MinNotAboveMax);
        byKey["eld-13"] = ("type.select(code).isDistinct()", (f, _) => DistinctStrings(f, "type", "code"));
        byKey["eld-14"] = ("constraint.select(key).isDistinct()", (f, _) => DistinctStrings(f, "constraint", "key"));
        byKey["eld-18"] = ("(isModifier.exists() and isModifier) implies isModifierReason.exists()", ModifierHasReason);
        byKey["eld-17"] = ("(code='Reference' or code = 'canonical') or targetProfile.empty()", TargetProfileOnReference);
        byKey["eld-21"] = ("expression.exists()", (f, _) => Present(f, "expression", primitive: true));
        byKey["eld-1"] = ("discriminator.exists() or description.exists()", (f, _) => Present(f, "discriminator") || Present(f, "description", primitive: true));
        byKey["sdf-3"] = ("element.all(definition.exists() and min.exists() and max.exists())",
            (f, _) => Items(f, "element").All(e => Present(e, "definition", primitive: true) && Present(e, "min", primitive: true) && Present(e, "max", primitive: true)));
        byKey["sdf-8b"] = ("element.all(base.exists())", (f, _) => Items(f, "element").All(e => Present(e, "base")));
        byKey["sdf-20"] = ("element.where(path.contains('.').not()).slicing.empty()",
            (f, _) => !Items(f, "element").Any(e => e.Str("path") is { } p && !p.Contains('.', StringComparison.Ordinal) && Present(e, "slicing")));
        byKey["vsd-1"] = ("valueSet.exists() or system.exists()", (f, _) => Present(f, "valueSet", primitive: true) || Present(f, "system", primitive: true));
        byKey["vsd-2"] = ("(concept.exists() or filter.exists()) implies system.exists()",
            (f, _) => !(Present(f, "concept") || Present(f, "filter")) || Present(f, "system", primitive: true));
        byKey["vsd-6"] = ("code.exists() or display.exists()", (f, _) => Present(f, "code", primitive: true) || Present(f, "display", primitive: true));
        byKey["vsd-3"] = ("concept.empty() or filter.empty()", (f, _) => !Present(f, "concept") || !Present(f, "filter"));
        byKey["vsd-9"] = ("code.exists() or abstract = true", CodeOrAbstract);
        byKey["vsd-10"] = ("code.empty() or system.exists()", (f, _) => !Present(f, "code", primitive: true) || Present(f, "system", primitive: true));
        byKey["cpt-2"] = ("value.empty() or system.exists()", (f, _) => !Present(f, "value", primitive: true) || Present(f, "system", primitive: true));
        byKey["sdf-2"] = ("name.exists() or uri.exists()", (f, _) => Present(f, "name", primitive: true) || Present(f, "uri", primitive: true));
        byKey["sdf-6"] = ("snapshot.exists() or differential.exists()", (f, _) => Present(f, "snapshot") || Present(f, "differential"));
        byKey["sdf-10"] = ("binding.empty() or binding.valueSet.exists() or binding.description.exists()",
            (f, _) => !f.TryGetProperty("binding", out var b) ? true : b.ValueKind != JsonValueKind.Object ? null
                : Present(b, "valueSet", primitive: true) || Present(b, "description", primitive: true));
        // select() of a boolean gives an item for every type with a code, so exists() holds whenever one has a code.
        byKey["eld-11"] = ("binding.empty() or type.code.empty() or type.select((code = 'code') or (code = 'Coding') or (code='CodeableConcept') or (code = 'Quantity') or (code = 'string') or (code = 'uri')).exists()",
            (f, _) => true);
        byKey["eld-12"] = ("valueSet.exists() implies (valueSet.startsWith('http:') or valueSet.startsWith('https') or valueSet.startsWith('urn:'))",
            (f, s) => f.TryGetProperty("_valueSet", out var c) ? null : !f.TryGetProperty("valueSet", out var vs) ? true
                : vs.ValueKind != JsonValueKind.String ? null
                : vs.GetString() is { } url && (url.StartsWith("http:", StringComparison.Ordinal) || url.StartsWith("https", StringComparison.Ordinal) || url.StartsWith("urn:", StringComparison.Ordinal)));
        byKey["eld-6"] = ("fixed.empty() or (type.count()  <= 1)", (f, _) => !HasChoice(f, "fixed") || Items(f, "type").Count() <= 1);
        byKey["spd-1"] = ("xpath.empty() or xpathUsage.exists()", (f, _) => !Present(f, "xpath", primitive: true) || Present(f, "xpathUsage", primitive: true));
        byKey["opd-1"] = ("type.exists() or part.exists()", (f, _) => Present(f, "type", primitive: true) || Present(f, "part"));
        byKey["obs-3"] = ("low.exists() or high.exists() or text.exists()", (f, _) => Present(f, "low") || Present(f, "high") || Present(f, "text", primitive: true));
        byKey["sqty-1"] = ("comparator.empty()", (f, _) => !Present(f, "comparator", primitive: true));
        byKey["cpb-12"] = ("searchParam.select(name).isDistinct()", (f, _) => DistinctStrings(f, "searchParam", "name"));
        byKey["csd-1"] = ("concept.code.combine($this.descendants().concept.code).isDistinct()",
            // descendants() reaches into contained resources too (a contained ValueSet's concepts): left to FHIRPath.
            (f, _) => Present(f, "contained") ? null : DistinctConceptCodes(f, new HashSet<string>(StringComparer.Ordinal)));
        byKey["sdf-1"] = ("derivation = 'constraint' or snapshot.element.select(path).isDistinct()", SnapshotPathsDistinct);
        byKey["sdf-4"] = ("abstract = true or baseDefinition.exists()", AbstractOrBase);
        byKey["sdf-5"] = ("type != 'Extension' or derivation = 'specialization' or (context.exists())", ExtensionHasContext);
        byKey["sdf-9"] = ("children().element.where(path.contains('.').not()).label.empty() and children().element.where(path.contains('.').not()).code.empty() and children().element.where(path.contains('.').not()).requirements.empty()",
            (f, _) => !Elements(f, "snapshot", "differential").Any(e => IsRootPath(e)
                && (Present(e, "label", primitive: true) || Present(e, "code") || Present(e, "requirements", primitive: true))));
        byKey["sdf-11"] = ("kind != 'logical' implies snapshot.empty() or snapshot.element.first().path = type", FirstSnapshotPathIsType);
        byKey["sdf-14"] = ("snapshot.element.all(id.exists()) and differential.element.all(id.exists())",
            (f, _) => Elements(f, "snapshot", "differential").All(e => Present(e, "id")));
        byKey["sdf-15"] = ("kind!='logical' implies snapshot.element.first().type.empty()", FirstSnapshotElementUntyped);
        byKey["sdf-15a"] = ("(kind!='logical'  and differential.element.first().path.contains('.').not()) implies differential.element.first().type.empty()",
            FirstDifferentialElementUntyped);
        byKey["sdf-16"] = ("snapshot.element.all(id.exists()) and snapshot.element.id.trace('ids').isDistinct()", (f, _) => IdsPresentAndDistinct(f, "snapshot"));
        byKey["sdf-17"] = ("differential.element.all(id.exists()) and differential.element.id.trace('ids').isDistinct()", (f, _) => IdsPresentAndDistinct(f, "differential"));
        byKey["sdf-18"] = ("contextInvariant.exists() implies type = 'Extension'",
            (f, s) => !Present(f, "contextInvariant", primitive: true) ? true : f.TryGetProperty("_type", out var c) ? null : f.Str("type") is not { } t || t == "Extension");
        byKey["sdf-19"] = (@"url.startsWith('http://hl7.org/fhir/StructureDefinition') implies (differential.element.type.code.all(matches('^[a-zA-Z0-9]+$') or matches('^http:\\/\\/hl7\\.org\\/fhirpath\\/System\\.[A-Z][A-Za-z]+$')) and snapshot.element.type.code.all(matches('^[a-zA-Z0-9\\.]+$') or matches('^http:\\/\\/hl7\\.org\\/fhirpath\\/System\\.[A-Z][A-Za-z]+$')))",
            CoreTypeCodes);
        byKey["sdf-21"] = ("differential.element.defaultValue.exists() implies (derivation = 'specialization')",
            (f, _) => !Elements(f, "differential").Any(e => HasChoice(e, "defaultValue")) ? true : DerivationIs(f, "specialization", whenAbsent: true));
        byKey["sdf-22"] = ("url.startsWith('http://hl7.org/fhir/StructureDefinition') implies (snapshot.element.defaultValue.empty() and differential.element.defaultValue.empty())",
            (f, _) => !IsCoreUrl(f) || !Elements(f, "snapshot", "differential").Any(e => HasChoice(e, "defaultValue")));
        byKey["sdf-23"] = ("(snapshot | differential).element.all(path.contains('.').not() implies sliceName.empty())",
            (f, _) => !Elements(f, "snapshot", "differential").Any(e => IsRootPath(e) && Present(e, "sliceName", primitive: true)));
        byKey["sdf-8"] = ("(%resource.kind = 'logical' or element.first().path = %resource.type) and element.tail().all(path.startsWith(%resource.snapshot.element.first().path&'.'))",
            (f, s) => PathsUnderFirst(f, s.Json, differential: false));
        byKey["sdf-8a"] = (@"(%resource.kind = 'logical' or element.first().path.startsWith(%resource.type)) and (element.tail().empty() or element.tail().all(path.startsWith(%resource.differential.element.first().path.replaceMatches('\\..*','')&'.')))",
            (f, s) => PathsUnderFirst(f, s.Json, differential: true));
        byKey["nsd-1"] = ("kind != 'root' or uniqueId.all(type != 'uuid')", RootHasNoUuid);
        byKey["nsd-2"] = ("uniqueId.where(preferred = true).select(type).isDistinct()", PreferredTypesDistinct);
        byKey["cmd-1"] = ("comment.exists() or equivalence.empty() or ((equivalence != 'narrower') and (equivalence != 'inexact'))",
            (f, s) => Present(f, "comment", primitive: true) ? true : f.TryGetProperty("_equivalence", out var c) ? null
                : !f.TryGetProperty("equivalence", out var e) ? true : e.ValueKind != JsonValueKind.String ? null : e.GetString() is not ("narrower" or "inexact"));
        return byKey;
    }

    // FHIRPath's three-valued "or" and "and", null standing for the empty result.
    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a == true && b == true ? true : null;

    // sdf-8 (snapshot), sdf-8a (differential): the first element is the type's root (for other than logical models),
    // and every other path starts below it. Elements without a string path are left to FHIRPath.
    private static bool? PathsUnderFirst(JsonElement part, JsonElement sd, bool differential)
    {
        if (sd.TryGetProperty("_kind", out _) || sd.TryGetProperty("_type", out _)) return null;
        if (sd.TryGetProperty("kind", out var kind) && kind.ValueKind != JsonValueKind.String) return null;
        if (sd.TryGetProperty("type", out var type) && type.ValueKind != JsonValueKind.String) return null;
        var type_ = sd.Str("type");
        bool? logical = sd.Str("kind") is { } k ? k == "logical" : null;
        string? first = null;
        var index = 0;
        var tailUnder = (bool?)true;
        string? prefix = null;
        foreach (var element in Items(part, "element"))
        {
            if (element.TryGetProperty("_path", out _) || !element.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String) return null;
            var text = path.GetString()!;
            if (index++ == 0)
            {
                first = text;
                var dot = text.IndexOf('.', StringComparison.Ordinal);
                prefix = (differential && dot >= 0 ? text[..dot] : text) + ".";
                continue;
            }
            if (!text.StartsWith(prefix!, StringComparison.Ordinal)) tailUnder = false;
        }
        bool? rooted = first is null || type_ is null ? null : differential ? first.StartsWith(type_, StringComparison.Ordinal) : first == type_;
        return And(Or(logical, rooted), tailUnder) != false;
    }

    // nsd-1: a root NamingSystem has no uuid identifier; without a kind, "empty or ..." passes either way.
    private static bool? RootHasNoUuid(JsonElement ns, ResourceScope scope)
    {
        if (ns.TryGetProperty("_kind", out _)) return null;
        if (ns.Str("kind") != "root") return true;
        foreach (var id in Items(ns, "uniqueId"))
        {
            if (id.TryGetProperty("_type", out _) || id.Str("type") is not { } type) return null;
            if (type == "uuid") return false;
        }
        return true;
    }

    // nsd-2: the preferred identifiers have distinct types.
    private static bool? PreferredTypesDistinct(JsonElement ns, ResourceScope scope)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in Items(ns, "uniqueId"))
        {
            if (id.TryGetProperty("_preferred", out _) || id.TryGetProperty("_type", out _)) return null;
            if (!id.TryGetProperty("preferred", out var preferred) || preferred.ValueKind != JsonValueKind.True) continue;
            if (!id.TryGetProperty("type", out var type)) continue;
            if (type.ValueKind != JsonValueKind.String) return null;
            if (!seen.Add(type.GetString()!)) return false;
        }
        return true;
    }

    // The elements of the snapshot and/or differential (objects only).
    private static IEnumerable<JsonElement> Elements(JsonElement sd, params string[] parts)
    {
        foreach (var part in parts)
            if (sd.TryGetProperty(part, out var p) && p.ValueKind == JsonValueKind.Object)
                foreach (var e in Items(p, "element")) yield return e;
    }

    // path.contains('.').not() is true: a path value without a dot (an absent path gives an empty result, left out by where()).
    private static bool IsRootPath(JsonElement element) => element.Str("path") is { } p && !p.Contains('.', StringComparison.Ordinal);

    // url.startsWith('http://hl7.org/fhir/StructureDefinition'); an absent url makes "implies" pass either way.
    private static bool IsCoreUrl(JsonElement sd) => sd.Str("url") is { } url && url.StartsWith("http://hl7.org/fhir/StructureDefinition", StringComparison.Ordinal);

    // derivation = value: true, false, or (absent) the empty result, which passes like true when it ends the expression.
    private static bool? DerivationIs(JsonElement sd, string value, bool whenAbsent)
    {
        if (sd.TryGetProperty("_derivation", out _)) return null;
        return sd.TryGetProperty("derivation", out var d) ? d.ValueKind == JsonValueKind.String ? d.GetString() == value : null : whenAbsent;
    }

    // kind != 'logical' where kind has a string value; null otherwise (absent: empty, which each caller treats itself).
    private static bool? NotLogical(JsonElement sd) =>
        sd.TryGetProperty("_kind", out _) || !sd.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String ? null : k.GetString() != "logical";

    private static bool? SnapshotPathsDistinct(JsonElement sd, ResourceScope scope)
    {
        if (sd.TryGetProperty("_derivation", out _)) return null;
        if (sd.Str("derivation") == "constraint") return true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Elements(sd, "snapshot"))
        {
            if (e.TryGetProperty("_path", out _)) return null;
            if (!e.TryGetProperty("path", out var p)) continue;
            if (p.ValueKind != JsonValueKind.String) return null;
            // Not distinct: false, or empty (passes) when derivation is absent.
            if (!seen.Add(p.GetString()!)) return sd.TryGetProperty("derivation", out _) ? false : true;
        }
        return true;
    }

    private static bool? AbstractOrBase(JsonElement sd, ResourceScope scope)
    {
        if (Present(sd, "baseDefinition", primitive: true)) return true;
        if (sd.TryGetProperty("_abstract", out _)) return null;
        if (!sd.TryGetProperty("abstract", out var a)) return true; // empty or false: empty
        return a.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
    }

    private static bool? ExtensionHasContext(JsonElement sd, ResourceScope scope)
    {
        if (sd.TryGetProperty("_type", out _) || sd.Str("type") is not { } type) return null;
        if (type != "Extension" || Present(sd, "context")) return true;
        return DerivationIs(sd, "specialization", whenAbsent: true);
    }

    private static bool? FirstSnapshotPathIsType(JsonElement sd, ResourceScope scope)
    {
        if (sd.TryGetProperty("kind", out _) && NotLogical(sd) is not { } notLogical) return null;
        if (!sd.TryGetProperty("kind", out _) || !NotLogical(sd)!.Value) return true; // absent kind: true or empty, both pass
        if (!Present(sd, "snapshot")) return true;
        if (sd.TryGetProperty("_type", out _)) return null;
        var first = Elements(sd, "snapshot").Select(e => (JsonElement?)e).FirstOrDefault();
        if (first is { } f && f.TryGetProperty("_path", out _)) return null;
        if (first?.Str("path") is not { } path || sd.Str("type") is not { } type) return true; // an empty comparison passes
        return path == type;
    }

    private static bool? FirstSnapshotElementUntyped(JsonElement sd, ResourceScope scope)
    {
        if (sd.TryGetProperty("kind", out _) && NotLogical(sd) is null) return null;
        var first = Elements(sd, "snapshot").Select(e => (JsonElement?)e).FirstOrDefault();
        var untyped = first is not { } f || !Present(f, "type");
        // kind absent: "empty implies x" is true or empty, both pass.
        return untyped || !sd.TryGetProperty("kind", out _) || !NotLogical(sd)!.Value;
    }

    private static bool? FirstDifferentialElementUntyped(JsonElement sd, ResourceScope scope)
    {
        if (!sd.TryGetProperty("kind", out _) || NotLogical(sd) is not { } notLogical) return null;
        if (!notLogical) return true;
        var first = Elements(sd, "differential").Select(e => (JsonElement?)e).FirstOrDefault();
        if (first is not { } f) return true;
        if (f.TryGetProperty("_path", out _) || f.Str("path") is not { } path) return null;
        return path.Contains('.', StringComparison.Ordinal) || !Present(f, "type");
    }

    private static bool? IdsPresentAndDistinct(JsonElement sd, string part)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Elements(sd, part))
        {
            if (!e.TryGetProperty("id", out var id)) return false;
            if (id.ValueKind != JsonValueKind.String) return null;
            if (!seen.Add(id.GetString()!)) return false;
        }
        return true;
    }

    // sdf-19: in the core definitions, type codes are plain names or FHIRPath System type URLs.
    private static bool? CoreTypeCodes(JsonElement sd, ResourceScope scope)
    {
        if (sd.TryGetProperty("_url", out _)) return null;
        if (!IsCoreUrl(sd)) return true;
        var system = StringFunctions.Regex(@"^http:\/\/hl7\.org\/fhirpath\/System\.[A-Z][A-Za-z]+$");
        foreach (var (part, codes) in new[] { ("differential", StringFunctions.Regex("^[a-zA-Z0-9]+$")), ("snapshot", StringFunctions.Regex(@"^[a-zA-Z0-9\.]+$")) })
            foreach (var e in Elements(sd, part))
                foreach (var type in Items(e, "type"))
                {
                    if (type.TryGetProperty("_code", out _)) return null;
                    if (!type.TryGetProperty("code", out var code)) continue;
                    if (code.ValueKind != JsonValueKind.String) return null;
                    var text = code.GetString()!;
                    if (!codes.IsMatch(text) && !system.IsMatch(text)) return false;
                }
        return true;
    }

    // vsd-9: a code, or abstract = true; without either, abstract = true is empty (passes) when abstract is absent.
    private static bool? CodeOrAbstract(JsonElement contains, ResourceScope scope)
    {
        if (Present(contains, "code", primitive: true)) return true;
        if (contains.TryGetProperty("_abstract", out _)) return null;
        if (!contains.TryGetProperty("abstract", out var a)) return true;
        return a.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
    }

    // csd-1: the codes of the concepts at every level are distinct.
    private static bool? DistinctConceptCodes(JsonElement parent, HashSet<string> seen)
    {
        if (!parent.TryGetProperty("concept", out var concepts)) return true;
        if (concepts.ValueKind != JsonValueKind.Array) return null;
        foreach (var concept in concepts.EnumerateArray())
        {
            if (concept.ValueKind != JsonValueKind.Object || concept.TryGetProperty("_code", out _)) return null;
            if (concept.TryGetProperty("code", out var code))
            {
                if (code.ValueKind != JsonValueKind.String) return null;
                if (!seen.Add(code.GetString()!)) return false;
            }
            if (DistinctConceptCodes(concept, seen) is var below && below != true) return below;
        }
        return true;
    }

    // eld-2: min <= max unless max is '*'; a max that is no integer gives an empty result (passes).
    private static bool? MinNotAboveMax(JsonElement element, ResourceScope scope)
    {
        if (element.TryGetProperty("_min", out _) || element.TryGetProperty("_max", out _)) return null;
        if (!element.TryGetProperty("min", out var min) || !element.TryGetProperty("max", out var max)) return true;
        if (min.ValueKind != JsonValueKind.Number || !min.TryGetInt32(out var low) || max.ValueKind != JsonValueKind.String) return null;
        var text = max.GetString()!;
        if (text == "*") return true;
        if (text.Length == 0 || text.Length > 9 || !text.All(char.IsAsciiDigit)) return null;
        return low <= int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    // eld-13, eld-14: the string values of one property of each item are distinct; other shapes go to FHIRPath.
    private static bool? DistinctStrings(JsonElement focus, string list, string name)
    {
        if (!focus.TryGetProperty(list, out var items)) return true;
        if (items.ValueKind != JsonValueKind.Array) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || item.TryGetProperty("_" + name, out _)) return null;
            if (!item.TryGetProperty(name, out var value)) continue;
            if (value.ValueKind != JsonValueKind.String) return null;
            if (!seen.Add(value.GetString()!)) return false;
        }
        return true;
    }

    private static bool? ModifierHasReason(JsonElement element, ResourceScope scope)
    {
        if (element.TryGetProperty("_isModifier", out _)) return null;
        if (!element.TryGetProperty("isModifier", out var modifier) || modifier.ValueKind == JsonValueKind.False) return true;
        if (modifier.ValueKind != JsonValueKind.True) return null;
        return Present(element, "isModifierReason", primitive: true);
    }

    // eld-17, on ElementDefinition.type: a target profile only on a Reference or canonical.
    private static bool? TargetProfileOnReference(JsonElement type, ResourceScope scope)
    {
        if (!Present(type, "targetProfile", primitive: true)) return true;
        if (type.TryGetProperty("_code", out _) || !type.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String) return null;
        return code.GetString() is "Reference" or "canonical";
    }

    // "name.matches('re')" and "name.empty() or name.matches('re')" (sdf-0, csd-0, vsd-0, eld-16, eld-19, eld-20, and
    // profiles' own): the same regular expression as FHIRPath's matches() on the string value.
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)\.matches\(('(?:[^'\\]|\\.)*')\)$")]
    private static partial Regex MatchesExpression();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)\.empty\(\) or \1\.matches\(('(?:[^'\\]|\\.)*')\)$")]
    private static partial Regex EmptyOrMatchesExpression();

    private static Check? MatchesCheck(string? expression)
    {
        if (expression is null) return null;
        var match = MatchesExpression().Match(expression);
        if (!match.Success) match = EmptyOrMatchesExpression().Match(expression);
        if (!match.Success) return null;
        var name = match.Groups[1].Value;
        Regex regex;
        try
        {
            // The literal read by the FHIRPath engine itself, so that its escapes mean what they mean there.
            var literal = FhirPathCompiler.Default.Compile(match.Groups[2].Value).Evaluate((Model.Base?)null);
            if (literal.Count != 1 || SystemValues.Of(literal[0]) is not string pattern) return null;
            regex = StringFunctions.Regex(pattern);
        }
        catch (FhirPathException)
        {
            return null;
        }
        return (focus, scope) =>
        {
            if (focus.TryGetProperty("_" + name, out _)) return null;
            if (!focus.TryGetProperty(name, out var value)) return true;
            if (value.ValueKind != JsonValueKind.String) return null;
            try
            {
                return regex.IsMatch(value.GetString()!);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        };
    }
}
