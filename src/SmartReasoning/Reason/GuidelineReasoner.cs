using System.Globalization;
using SmartReasoning.Compile;

namespace SmartReasoning.Reason;

/// <summary>One guideline rule: an identifier, the guideline it rests on, and the small piece of code that applies it.</summary>
internal sealed record GuidelineRule(string Id, GuidelineSource Source, Func<ClinicalFacts, GuidelineRule, IEnumerable<Finding>> Evaluate);

/// <summary>
/// The embedded reasoner: deterministic guideline rules over the compiled context, no network, no model. It answers on
/// a fresh machine and guards a model's answer. The same context gives the same findings in the same order.
/// </summary>
public sealed class GuidelineReasoner : IReasoner
{
    public const string Name = "smartreasoning-guidelines";
    public const string Version = "1.0.0";

    public static ReasonerInfo Info { get; } = new(Name, Version);

    public Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Reason(request));
    }

    /// <summary>The synchronous core: the rules are pure functions of the request.</summary>
    public static ReasoningResult Reason(ReasoningRequest request)
    {
        // Care rules do not apply to a patient who has died; saying so beats an empty answer that looks like "all well".
        if (request.Context.Demographics is { Deceased: true })
            return new ReasoningResult([], Info, null, ["The patient is deceased; no guideline findings were raised."]);

        var facts = new ClinicalFacts(request);
        var findings = GuidelineRules.All.SelectMany(rule => rule.Evaluate(facts, rule)).ToList();
        findings.Sort(FindingOrder.Instance);
        return new ReasoningResult(findings, Info, null, []);
    }

    /// <summary>Most severe first, then by kind, then by evidence, then title: a total order, so output is byte-stable.</summary>
    private sealed class FindingOrder : IComparer<Finding>
    {
        public static readonly FindingOrder Instance = new();

        public int Compare(Finding? x, Finding? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = y.Severity.CompareTo(x.Severity);
            if (c != 0) return c;
            c = string.CompareOrdinal(x.Kind.Code, y.Kind.Code);
            if (c != 0) return c;
            c = string.CompareOrdinal(string.Join("|", x.Evidence), string.Join("|", y.Evidence));
            return c != 0 ? c : string.CompareOrdinal(x.Title, y.Title);
        }
    }
}

/// <summary>Formatting and evidence helpers shared by the rules.</summary>
internal static class RuleText
{
    public static string Number(double value, int decimals = 1) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Distinct references in first-seen order; the evidence of a finding is always taken from facts' Sources.</summary>
    public static IReadOnlyList<string> Evidence(params IEnumerable<string>[] sources)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var group in sources)
            foreach (var reference in group)
                if (seen.Add(reference)) list.Add(reference);
        return list;
    }

    public static string Title(string text) => text.Length <= Finding.MaxTitleLength ? text : text[..(Finding.MaxTitleLength - 1)] + "…";
}
