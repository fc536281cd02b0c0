using System.Collections;
using System.Runtime.InteropServices;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Deidentify;

/// <summary>
/// Applies an <see cref="AnonymizationPolicy"/> to copies of one patient's resources before anything leaves for a
/// model. Walks the generated element metadata (no reflection); every value is governed by the first rule that
/// selects it or a node above it. Dates move by one secret offset per patient; ids and references become keyed
/// hashes whose way back is kept in the returned <see cref="ReferenceMap"/>.
/// </summary>
public sealed class Deidentifier
{
    private static readonly FhirJsonParser s_parser = new(FhirJsonParserOptions.Lenient);
    private static readonly FhirTypeInfo s_idType = ModelInfo.FindType("id")!;

    private readonly DeidentifyOptions _options;
    private readonly AnonymizationPolicy _policy;
    private readonly KeyedHash _dateKey;
    private readonly KeyedHash _hashKey;
    private readonly RuleIndex _ruleIndex;

    public Deidentifier(DeidentifyOptions? options = null)
    {
        _options = options ?? new DeidentifyOptions();
        _policy = _options.Policy;
        var secret = _options.EffectiveSecret;
        _dateKey = new KeyedHash(KeyedHash.KeyOf(_policy.DateShiftKey, secret));
        _hashKey = new KeyedHash(KeyedHash.KeyOf(_policy.CryptoHashKey, secret));
        _ruleIndex = new RuleIndex(_policy.Rules);
    }

    /// <summary>
    /// The rules by the name or type their path ends with: a node is only tested against rules that could select it,
    /// which keeps a long policy cheap on a record of many thousands of nodes.
    /// </summary>
    private sealed class RuleIndex
    {
        public RuleIndex(IReadOnlyList<AnonymizationRule> rules)
        {
            var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var byType = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var others = new List<int>();
            for (var i = 0; i < rules.Count; i++)
            {
                var path = rules[i].Compiled;
                if (path.LastName is { } name) Add(byName, name, i);
                else if (path.LastTypeName is { } type) Add(byType, type, i);
                else others.Add(i);
            }
            ByLastName = byName.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            ByLastType = byType.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            Others = [.. others];
        }

        public Dictionary<string, int[]> ByLastName { get; }
        public Dictionary<string, int[]> ByLastType { get; }
        public int[] Others { get; }

        private static void Add(Dictionary<string, List<int>> map, string key, int position)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(position);
        }
    }

    /// <summary>The offset every date of this patient moves by.</summary>
    public TimeSpan DateShiftOf(string patientId) => TimeSpan.FromDays(DateShifter.OffsetDays(_dateKey, patientId));

    /// <summary>The keyed-hash reference a real one (<c>Type/id</c>) becomes.</summary>
    public string HashedReferenceOf(string type, string id) => type + "/" + _hashKey.Hex(type + "/" + id, 20);

    /// <summary>De-identifies copies of one patient's resources; the originals are not changed.</summary>
    /// <param name="patientId">The patient whose offset applies; by default the id of the Patient among the resources.</param>
    public DeidentifiedRecord Deidentify(IEnumerable<Resource> resources, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var originals = resources.ToList();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in originals)
            if (r.Id is { } id) aliases.TryAdd("urn:uuid:" + id, r.TypeInfo.Name + "/" + id);
        return Run(originals.Select(r => (r, r.Id)).ToList(), aliases, patientId);
    }

    /// <summary>
    /// De-identifies the resources of a patient's Bundle (a transaction, collection or search result). Entries without
    /// an id are known by their <c>urn:uuid</c> fullUrl, which references inside the bundle use.
    /// </summary>
    public DeidentifiedRecord Deidentify(Bundle bundle, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var entries = new List<(Resource Resource, string? Id)>();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry)
        {
            if (entry.Resource is not { } resource) continue;
            var fullUrl = entry.FullUrl?.Value;
            var id = resource.Id ?? (fullUrl is not null && fullUrl.StartsWith("urn:uuid:", StringComparison.Ordinal) ? fullUrl["urn:uuid:".Length..] : null);
            entries.Add((resource, id));
            if (id is null) continue;
            var real = resource.TypeInfo.Name + "/" + id;
            if (fullUrl is not null) aliases.TryAdd(fullUrl, real);
            aliases.TryAdd("urn:uuid:" + id, real);
        }
        return Run(entries, aliases, patientId);
    }

    private DeidentifiedRecord Run(List<(Resource Resource, string? Id)> entries, Dictionary<string, string> aliases, string? patientId)
    {
        var patient = entries.Select(e => e.Resource).OfType<Patient>().FirstOrDefault();
        patientId ??= entries.FirstOrDefault(e => e.Resource is Patient).Id ?? "";
        var days = DateShifter.OffsetDays(_dateKey, patientId);
        var map = new ReferenceMap();
        // A record cites its patient and encounters thousands of times: each reference is hashed once per run.
        var hashed = new Dictionary<string, string>(StringComparer.Ordinal);
        var output = new List<Resource>(entries.Count);
        foreach (var (original, id) in entries)
        {
            var copy = Copy(original);
            copy.Id = id;
            new ResourceWalk(this, map, aliases, hashed, days).Run(copy);
            if (copy is Patient p && _policy.GroupAgesOver89 && original == patient) GroupAgeOver89(patient, p, days);
            output.Add(copy);
        }
        return new DeidentifiedRecord(output, map, TimeSpan.FromDays(days));
    }

    private static Resource Copy(Resource original)
    {
        var result = s_parser.Parse(FhirJsonSerializer.SerializeToUtf8Bytes(original));
        return result.Value ?? throw new InvalidOperationException($"A {original.TypeInfo.Name} could not be copied for de-identification.");
    }

    /// <summary>
    /// Safe Harbor: an age over 89 is itself identifying, so such a birth date becomes a year that only says
    /// "90 or older" at the (shifted) reference day: the patient's death, or today.
    /// </summary>
    private void GroupAgeOver89(Patient original, Patient copy, int days)
    {
        if (original.BirthDate?.Value is not { } birthText || DateShifter.DayOf(birthText) is not { } birth) return;
        var reference = original.Deceased is FhirDateTime { Value: { } died } && DateShifter.DayOf(died) is { } death
            ? death
            : _options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var age = reference.Year - birth.Year - (reference < birth.AddYears(reference.Year - birth.Year) ? 1 : 0);
        if (age < 90) return;
        var shiftedReference = reference.AddDays(days);
        copy.BirthDate = new Date { Value = (shiftedReference.Year - 91).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>The walk of one resource copy, changing it in place.</summary>
    private sealed class ResourceWalk(Deidentifier owner, ReferenceMap map, Dictionary<string, string> aliases, Dictionary<string, string> hashed, int days)
    {
        private readonly IReadOnlyList<AnonymizationRule> _rules = owner._policy.Rules;
        private readonly List<NodeStep> _chain = new(16);
        private HashSet<object>?[]? _expressionMatches;

        public void Run(Resource resource)
        {
            PrepareExpressions(resource);
            _chain.Add(new NodeStep(resource.TypeInfo.Name, resource.TypeInfo));
            var effective = OwnRule(resource, int.MaxValue);

            // Resource.id is a plain string in the model, so it is matched as a pseudo-node of type id.
            if (resource.Id is { } id)
            {
                _chain.Add(new NodeStep("id", s_idType));
                var rule = OwnRule(null, effective);
                _chain.RemoveAt(_chain.Count - 1);
                resource.Id = (rule == int.MaxValue ? AnonymizationMethod.Keep : _rules[rule].Method) switch
                {
                    AnonymizationMethod.CryptoHash => HashId(resource.TypeInfo.Name, id),
                    AnonymizationMethod.Redact or AnonymizationMethod.Generalize => null,
                    AnonymizationMethod.Substitute => _rules[rule].ReplaceWith,
                    _ => id,
                };
            }
            VisitChildren(resource, effective);
            _chain.Clear();
        }

        private string HashId(string type, string id) => Hashed(type + "/" + id, type.Length)[(type.Length + 1)..];

        /// <summary>The hashed form of a real <c>Type/id</c> (the type is its first <paramref name="typeLength"/> characters), recorded in the map.</summary>
        private string Hashed(string real, int typeLength)
        {
            if (!hashed.TryGetValue(real, out var result))
            {
                hashed[real] = result = owner.HashedReferenceOf(real[..typeLength], real[(typeLength + 1)..]);
                map.Add(result, real);
            }
            return result;
        }

        private void PrepareExpressions(Resource resource)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                if (_rules[i].Compiled.Expression is not { } expression) continue;
                _expressionMatches ??= new HashSet<object>?[_rules.Count];
                _expressionMatches[i] = new HashSet<object>(expression.Evaluate(resource), ReferenceEqualityComparer.Instance);
            }
        }

        /// <summary>The first rule before <paramref name="below"/> that selects the node at the end of the chain; MaxValue if none.</summary>
        private int OwnRule(Base? node, int below)
        {
            var chain = CollectionsMarshal.AsSpan(_chain);
            var last = chain[^1];
            var index = owner._ruleIndex;
            var best = Math.Min(below, _rules.Count);
            best = FirstMatch(index.ByLastName.GetValueOrDefault(last.Name), best, node, chain);
            best = FirstMatch(index.ByLastType.GetValueOrDefault(last.Type.Name), best, node, chain);
            best = FirstMatch(index.Others, best, node, chain);
            return best == _rules.Count ? below : best;
        }

        /// <summary>The first of these rule positions (ascending) before <paramref name="limit"/> that selects the node; else the limit.</summary>
        private int FirstMatch(int[]? candidates, int limit, Base? node, ReadOnlySpan<NodeStep> chain)
        {
            if (candidates is null) return limit;
            foreach (var i in candidates)
            {
                if (i >= limit) break;
                var path = _rules[i].Compiled;
                if (path.Expression is null ? path.Matches(chain) : node is not null && _expressionMatches![i]!.Contains(node)) return i;
            }
            return limit;
        }

        private void VisitChildren(Base node, int inherited)
        {
            node.UnknownProperties = null; // properties we cannot see into could hold anything
            foreach (var element in node.TypeInfo.Elements)
            {
                switch (element.Get(node))
                {
                    case IList list:
                        for (var i = list.Count - 1; i >= 0; i--)
                        {
                            if (list[i] is not Base item) { list.RemoveAt(i); continue; }
                            var result = Visit(item, element, inherited);
                            if (result is null) list.RemoveAt(i);
                            else if (!ReferenceEquals(result, item)) list[i] = result;
                        }
                        if (list.Count == 0) element.Set(node, null);
                        break;
                    case Base item:
                        var single = Visit(item, element, inherited);
                        if (!ReferenceEquals(single, item)) element.Set(node, single);
                        break;
                }
            }
        }

        /// <summary>The node to keep in place of <paramref name="item"/> (itself, a substitute), or null to remove it.</summary>
        private Base? Visit(Base item, ElementInfo element, int inherited)
        {
            _chain.Add(new NodeStep(element.Name, item.TypeInfo));
            try
            {
                var effective = OwnRule(item, inherited);
                var rule = effective == int.MaxValue ? null : _rules[effective];
                if (item is Resource) // a contained resource: its local id stays, its content follows the rules
                {
                    VisitChildren(item, effective);
                    return item;
                }
                if (rule is { Method: AnonymizationMethod.Substitute } && effective < inherited && item is not PrimitiveType)
                    return Replacement(rule, item.TypeInfo);
                if (item is PrimitiveType primitive)
                {
                    if (rule is not null && !ApplyToValue(primitive, rule)) return null;
                    VisitChildren(primitive, effective);
                    return primitive.HasValue || primitive.HasElementContent ? primitive : null;
                }
                VisitChildren(item, effective);
                return IsEmpty(item) ? null : item;
            }
            finally
            {
                _chain.RemoveAt(_chain.Count - 1);
            }
        }

        private static Base? Replacement(AnonymizationRule rule, FhirTypeInfo type)
        {
            var parsed = s_parser.ParseElement(System.Text.Encoding.UTF8.GetBytes(rule.ReplaceWith!), type);
            return parsed.Value ?? throw new FormatException($"The replaceWith of the rule '{rule.Path}' is not a valid {type.Name}.");
        }

        private static bool IsEmpty(Base node)
        {
            foreach (var element in node.TypeInfo.Elements)
                if (!element.IsSystemString && element.Get(node) is not null) return false;
            return true;
        }

        /// <summary>Applies the rule to a primitive's value; false when the value is removed.</summary>
        private bool ApplyToValue(PrimitiveType primitive, AnonymizationRule rule)
        {
            var isDate = primitive.TypeInfo.Name is "date" or "dateTime" or "instant";
            var text = primitive as TextPrimitive;
            var name = _chain[^1].Name;
            switch (rule.Method)
            {
                case AnonymizationMethod.Keep:
                    return true;
                case AnonymizationMethod.DateShift:
                    if (!isDate || text?.Value is not { } date) return true;
                    text.Value = DateShifter.Shift(date, days);
                    return text.Value is not null;
                case AnonymizationMethod.CryptoHash:
                    if (text?.Value is not { } value || isDate) return !isDate;
                    text.Value = name == "reference" && _chain.Count >= 2 && _chain[^2].Type.Name == "Reference"
                        ? HashReference(value)
                        : owner._hashKey.Hex(value);
                    return text.Value is not null;
                case AnonymizationMethod.Substitute:
                    switch (primitive)
                    {
                        case TextPrimitive t: t.Value = rule.ReplaceWith; return true;
                        case DecimalPrimitive d when rule.ReplaceWith is { } r && decimal.TryParse(r, System.Globalization.CultureInfo.InvariantCulture, out _): d.Text = r; return true;
                        default: return false;
                    }
                case AnonymizationMethod.Generalize:
                    return Coarsen(text, isDate && primitive.TypeInfo.Name != "instant", name == "postalCode");
                default: // Redact
                    return (owner._policy.PartialDatesForRedact || owner._policy.PartialZipCodesForRedact)
                        && Coarsen(text, owner._policy.PartialDatesForRedact && isDate && primitive.TypeInfo.Name != "instant",
                            owner._policy.PartialZipCodesForRedact && name == "postalCode");
            }
        }

        /// <summary>Keeps a date's year or a postal code's first three characters; anything else is removed.</summary>
        private static bool Coarsen(TextPrimitive? text, bool asYear, bool asZip3)
        {
            if (text?.Value is not { } value) return false;
            if (asYear && DateShifter.YearOf(value) is { } year) { text.Value = year; return true; }
            if (asZip3 && value.Length >= 3) { text.Value = value[..3]; return true; }
            return false;
        }

        /// <summary>The hashed form of a reference; null for one that cannot be hashed safely (a conditional reference carries search values).</summary>
        private string? HashReference(string value)
        {
            if (value.StartsWith('#')) return value; // a contained resource, local to this resource
            if (value.Contains('?', StringComparison.Ordinal)) return null;
            var real = aliases.TryGetValue(value, out var aliased) ? aliased : RealReference(value);
            if (real is null) return owner._hashKey.Hex(value, 20);
            return Hashed(real, real.IndexOf('/', StringComparison.Ordinal));
        }

        /// <summary><c>Type/id</c> of a relative or absolute literal reference (a version is dropped), or null.</summary>
        private static string? RealReference(string value)
        {
            var parts = value.Split('/');
            var end = parts.Length;
            if (end >= 4 && parts[end - 2] == "_history") end -= 2;
            if (end < 2 || parts[end - 1].Length == 0 || ModelInfo.FindType(parts[end - 2]) is not { IsResource: true }) return null;
            return parts[end - 2] + "/" + parts[end - 1];
        }
    }
}
