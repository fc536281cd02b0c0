using System.Globalization;
using System.Text;
using SmartReasoning.Compile;
using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks.Cards;

/// <summary>
/// Turns a finding's evidence references (local ids such as <c>Observation/abc</c>) into the facts they point to, as a
/// clinician reads them: "eGFR 25 mL/min/1.73m2 on 2025-05-20", "Draft order: metformin 500 mg". Ids never reach the card.
/// </summary>
public sealed class EvidenceText
{
    private readonly ReasoningRequest _request;

    // The references described so far, with their facts (none: the context does not hold it). Only the references cards
    // cite are described: describing every fact of a large record (hundreds of lab points) was most of a card's cost.
    private readonly Dictionary<string, List<string>> _facts = new(StringComparer.Ordinal);
    private HashSet<string> _wanted = [];

    public EvidenceText(ReasoningRequest request) => _request = request ?? throw new ArgumentNullException(nameof(request));

    /// <summary>The facts one reference stands for; a reference the context does not hold reads as a cited record, never as its id.</summary>
    public IReadOnlyList<string> Describe(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        DescribeNew([reference]);
        return _facts[reference] is { Count: > 0 } facts ? facts : ["A cited record (not in the data this service received)"];
    }

    /// <summary>The facts of every reference, each once, in the evidence's order.</summary>
    public IReadOnlyList<string> DescribeAll(IEnumerable<string> references)
    {
        var list = references as IReadOnlyCollection<string> ?? [.. references];
        DescribeNew(list);
        List<string> lines = [];
        foreach (var reference in list)
            foreach (var line in Describe(reference))
                if (!lines.Contains(line)) lines.Add(line);
        return lines;
    }

    /// <summary>Walks the context once for the references not described yet, writing the facts of those alone.</summary>
    private void DescribeNew(IEnumerable<string> references)
    {
        _wanted = [.. references.Where(r => !_facts.ContainsKey(r))];
        if (_wanted.Count == 0) return;
        foreach (var reference in _wanted) _facts[reference] = [];
        var context = _request.Context;
        foreach (var draft in _request.Trigger.DraftOrders)
            if (Wanted([draft.Reference])) Add([draft.Reference], $"Draft order: {draft.Medication.Display}{Suffix(draft.DoseText)}");
        foreach (var p in context.Problems)
            if (Wanted(p.Sources)) Add(p.Sources, $"Problem: {p.Code.Display}{(p.IsActive ? " (active" : $" ({p.ClinicalStatus ?? "inactive"}")}{(p.Onset is { } on ? $", since {Date(on)})" : ")")}");
        foreach (var m in context.Medications)
            if (Wanted(m.Sources)) Add(m.Sources, $"Medication: {m.Medication.Display}{Suffix(m.Dose)}{(m.Start is { } s ? $", since {Date(s)}" : "")}");
        foreach (var a in context.Allergies)
            if (Wanted(a.Sources)) Add(a.Sources, $"Allergy: {a.Substance.Display}{(a.Reactions.Count > 0 ? $" ({string.Join(", ", a.Reactions)})" : "")}");
        foreach (var series in context.Labs.Concat(context.Vitals).Concat(context.OtherObservations))
            foreach (var point in series.Points)
                if (Wanted(point.Sources)) Add(point.Sources, $"{series.Code.Display} {Number(point.Value)} {Unit(series.Unit)} on {Date(point.Time)}{(point.Flag is { } f ? $" ({f})" : "")}");
        foreach (var f in context.Findings)
            if (Wanted(f.Sources)) Add(f.Sources, $"{f.Code.Display}: {f.Value} on {Date(f.Time)}");
        foreach (var e in context.Timeline)
            if (Wanted(e.Sources)) Add(e.Sources, $"{e.Kind}: {e.What.Display}{(e.Start is { } start ? $" on {Date(start)}" : "")}");
        foreach (var i in context.Immunizations)
            if (Wanted(i.Sources)) Add(i.Sources, $"Immunization: {i.Vaccine.Display}{(i.Date is { } d ? $" on {Date(d)}" : "")}");
        if (context.Demographics is { } demographics && Wanted(demographics.Sources))
            Add(demographics.Sources, $"Patient: {(demographics.AgeYears is { } age ? $"{age} years" : "age unknown")}{(demographics.Sex is { } sex ? $", {sex}" : "")}");
    }

    private bool Wanted(IReadOnlyList<string> sources)
    {
        foreach (var source in sources)
            if (_wanted.Contains(source)) return true;
        return false;
    }

    private void Add(IReadOnlyList<string> sources, string fact)
    {
        foreach (var source in sources)
            if (_wanted.Contains(source) && _facts[source] is var list && !list.Contains(fact)) list.Add(fact);
    }

    /// <summary>A UCUM unit as people write it: <c>mL/min/{1.73_m2}</c> reads mL/min/1.73m2, <c>mm[Hg]</c> mmHg, <c>Cel</c> °C.</summary>
    public static string Unit(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit == "Cel") return "°C";
        if (unit == "[degF]") return "°F";
        var builder = new StringBuilder(unit.Length);
        foreach (var c in unit.Replace("_av", "", StringComparison.Ordinal).Replace("_i]", "]", StringComparison.Ordinal))
            if (c is not ('{' or '}' or '[' or ']' or '_')) builder.Append(c);
        return builder.ToString();
    }

    private static string Suffix(string? text) => string.IsNullOrWhiteSpace(text) ? "" : ", " + text.Trim();

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Text from the record made inert as Markdown: no links, emphasis, headings or HTML can come from a resource.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
