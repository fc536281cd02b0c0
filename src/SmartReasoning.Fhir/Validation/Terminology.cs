using System.Collections.Concurrent;
using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// What can be known about codes without a terminology server: ValueSets expanded from the CodeSystems held
/// (simple compose: whole systems and concept lists included or excluded, other ValueSets imported, an
/// expansion already in the resource), and whether a code exists in a complete CodeSystem. A ValueSet needing
/// more (filters, a system not held) answers "unknown" for codes it cannot place. Expansions are cached.
/// </summary>
public sealed class Terminology(ConformanceResources resources)
{
    private readonly ConcurrentDictionary<string, Expansion?> _expansions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CodeSystemCodes?> _codeSystems = new(StringComparer.Ordinal);

    public ConformanceResources Resources { get; } = resources;

    /// <summary>Is (system, code) in the ValueSet? null when it cannot be told here.</summary>
    public bool? IsInValueSet(string valueSet, string? system, string code)
    {
        var expansion = Expand(valueSet);
        if (expansion is null) return null;
        if (system is not null && expansion.Codes.Contains((system, code))) return true;
        if (system is null && expansion.Codes.Any(c => c.Code == code)) return true;
        if (system is not null && expansion.OpenSystems.Contains(system)) return expansion.ExcludedCodes.Contains((system, code)) ? false : null;
        if (system is null && expansion.OpenSystems.Count > 0) return null;
        return expansion.IsComplete ? false : null;
    }

    /// <summary>The ValueSet's name or title, for messages.</summary>
    public string ValueSetName(string url) =>
        Resources.Find(url, "ValueSet") is { } vs ? vs.Str("title") ?? vs.Str("name") ?? url : url;

    public bool IsKnownValueSet(string url) => Resources.Find(url, "ValueSet") is not null;

    private readonly ConcurrentDictionary<string, (ValidationMessage Message, string Text)> _notCheckedIssues = new(StringComparer.Ordinal);

    /// <summary>
    /// The issue for a code whose ValueSet cannot be checked here (not expandable without a terminology server, or
    /// unknown), made once per ValueSet: a patient meets the same few thousands of times.
    /// </summary>
    internal (ValidationMessage Message, string Text) NotCheckedIssue(string valueSet)
    {
        if (_notCheckedIssues.TryGetValue(valueSet, out var issue)) return issue;
        var message = IsKnownValueSet(valueSet) ? ValidationMessages.ValueSetNotExpandable : ValidationMessages.ValueSetUnknown;
        return _notCheckedIssues.GetOrAdd(valueSet, (message, message.Format(valueSet)));
    }

    /// <summary>Does the code exist in the CodeSystem? null when the system is not held or not complete.</summary>
    public bool? CodeExists(string system, string code)
    {
        // Looked up before GetOrAdd: its lambda (capturing this) would be allocated on every call.
        if (!_codeSystems.TryGetValue(system, out var cs))
            cs = _codeSystems.GetOrAdd(system, s => Resources.Find(s, "CodeSystem") is { } json ? CodeSystemCodes.Read(json) : null);
        if (cs is null || !cs.IsComplete) return null;
        return cs.Codes.Contains(code);
    }

    // By the canonical as written (url|version too), so that a hit needs neither the version stripped nor a lambda.
    private readonly ConcurrentDictionary<string, Expansion?> _expansionsByCanonical = new(StringComparer.Ordinal);

    internal Expansion? Expand(string valueSet)
    {
        if (_expansionsByCanonical.TryGetValue(valueSet, out var found)) return found;
        var expansion = _expansions.GetOrAdd(ConformanceResources.StripVersion(valueSet), url => ExpandCore(url, 0));
        _expansionsByCanonical.TryAdd(valueSet, expansion);
        return expansion;
    }

    private Expansion? ExpandCore(string url, int depth)
    {
        if (depth > 10 || Resources.Find(url, "ValueSet") is not { } vs) return null;
        var result = new Expansion();
        if (vs.TryGetProperty("expansion", out var expansion) && expansion.TryGetProperty("contains", out var contains))
        {
            AddContains(contains, result);
            return result;
        }
        if (!vs.TryGetProperty("compose", out var compose)) return null;
        if (compose.TryGetProperty("include", out var includes))
            foreach (var include in includes.EnumerateArray())
                if (!Include(include, result, depth, exclude: false)) return null;
        if (compose.TryGetProperty("exclude", out var excludes))
            foreach (var exclude in excludes.EnumerateArray())
                if (!Include(exclude, result, depth, exclude: true)) return null;
        return result;
    }

    private bool Include(JsonElement include, Expansion result, int depth, bool exclude)
    {
        if (include.TryGetProperty("filter", out _)) return false;
        var target = exclude ? new Expansion() : result;
        foreach (var imported in include.StrList("valueSet"))
        {
            var other = ExpandCore(ConformanceResources.StripVersion(imported), depth + 1);
            if (other is null) return false;
            target.Merge(other);
        }
        var system = include.Str("system");
        if (system is not null)
        {
            if (include.TryGetProperty("concept", out var concepts))
                foreach (var c in concepts.EnumerateArray())
                {
                    if (c.Str("code") is { } code) target.Codes.Add((system, code));
                }
            else
            {
                var cs = _codeSystems.GetOrAdd(system, s => Resources.Find(s, "CodeSystem") is { } json ? CodeSystemCodes.Read(json) : null);
                if (cs is { IsComplete: true }) foreach (var code in cs.Codes) target.Codes.Add((system, code));
                else if (exclude) return false;
                else { target.OpenSystems.Add(system); target.IsComplete = false; }
            }
        }
        if (exclude)
        {
            foreach (var c in target.Codes) { result.Codes.Remove(c); result.ExcludedCodes.Add(c); }
        }
        return true;
    }

    private static void AddContains(JsonElement contains, Expansion result)
    {
        foreach (var c in contains.EnumerateArray())
        {
            if (c.Str("system") is { } s && c.Str("code") is { } code) result.Codes.Add((s, code));
            if (c.TryGetProperty("contains", out var nested)) AddContains(nested, result);
        }
    }

    internal sealed class Expansion
    {
        public HashSet<(string System, string Code)> Codes { get; } = [];
        public HashSet<(string System, string Code)> ExcludedCodes { get; } = [];
        /// <summary>Systems included whole whose codes are not held: any code of them may be in.</summary>
        public HashSet<string> OpenSystems { get; } = new(StringComparer.Ordinal);
        public bool IsComplete { get; set; } = true;

        public void Merge(Expansion other)
        {
            Codes.UnionWith(other.Codes);
            OpenSystems.UnionWith(other.OpenSystems);
            IsComplete &= other.IsComplete;
        }
    }

    private sealed class CodeSystemCodes
    {
        public HashSet<string> Codes { get; } = new(StringComparer.Ordinal);
        public bool IsComplete { get; private init; }

        public static CodeSystemCodes Read(JsonElement cs)
        {
            var result = new CodeSystemCodes { IsComplete = cs.Str("content") == "complete" };
            if (cs.TryGetProperty("concept", out var concepts)) Add(concepts, result.Codes);
            return result;
        }

        private static void Add(JsonElement concepts, HashSet<string> codes)
        {
            foreach (var c in concepts.EnumerateArray())
            {
                if (c.Str("code") is { } code) codes.Add(code);
                if (c.TryGetProperty("concept", out var nested)) Add(nested, codes);
            }
        }
    }
}
