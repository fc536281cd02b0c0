using System.Globalization;
using System.Text;

namespace SmartReasoning.Compile;

/// <summary>How many lines of one section did not fit the token budget.</summary>
public sealed record LeftOutCount(string Section, int Count);

/// <summary>The text a model receives, its approximate size in tokens, and what the budget left out.</summary>
public sealed record ContextRendering(string Text, int ApproximateTokens, IReadOnlyList<LeftOutCount> LeftOut);

/// <summary>
/// Renders a <see cref="LongitudinalContext"/> as plain text for a model: deterministic (same context, same text),
/// ordered by clinical relevance and recency, within a token budget (tokens approximated as characters / 4), ending
/// with what the budget left out and what the record is missing. Every fact line ends with the references it came
/// from in brackets, so the model can cite them and its citations can be checked. The heading, demographics and the
/// closing sections are always written, so a budget smaller than those is exceeded by them alone.
/// </summary>
public static class ContextRenderer
{
    /// <summary>The budget when none is given: room for a rich context in a model's prompt.</summary>
    public const int DefaultTokenBudget = 4000;

    // Room kept for the closing "left out" section, whose counts are known only at the end.
    private const int LeftOutReserve = 420;

    // The labs and vitals a clinician looks at first, in that order; others follow, abnormal first, then most recent.
    private static readonly string[] KeyLabs =
    [
        "4548-4", "17856-6", "2345-7", "2339-0", "2160-0", "38483-4", "33914-3", "62238-1", "98979-8", "2823-3", "6298-4", "2951-2",
        "2947-0", "18262-6", "2089-1", "13457-7", "2093-3", "2085-9", "2571-8", "718-7", "14959-1", "33762-6", "30934-4", "1742-6", "1920-8",
        "3016-3", "777-3", "6690-2", "6768-6", "1975-2", "2498-4",
    ];

    private static readonly string[] KeyVitals =
    [
        "8480-6", "8462-4", "8867-4", "29463-7", "39156-5", "8302-2", "8310-5", "9279-1", "2708-6", "59408-5", "72514-3",
    ];

    public static ContextRendering Render(LongitudinalContext context, int tokenBudget = DefaultTokenBudget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);

        var header = new StringBuilder();
        header.Append("# Patient context as of ").Append(ClinicalDates.Format(context.AsOf)).Append('\n');
        if (context.Demographics is { } demographics)
        {
            header.Append("Demographics: ").Append(demographics.AgeYears is { } age ? $"{age} years" : "age unknown")
                .Append(", sex ").Append(demographics.Sex ?? "unknown");
            if (demographics.DeceasedOn is { } deceasedOn) header.Append(", deceased ").Append(ClinicalDates.Format(deceasedOn));
            else if (demographics.Deceased) header.Append(", deceased");
            header.Append(' ').Append(Cite(demographics.Sources)).Append('\n');
        }
        else header.Append("Demographics: no Patient resource\n");
        if (context.ExcludedRecords > 0)
            header.Append("(").Append(context.ExcludedRecords.ToString(CultureInfo.InvariantCulture))
                .Append(" records entered in error, refuted or cancelled are not shown)\n");

        var missing = new StringBuilder("\n## Missing from the record\n");
        if (context.Missing.Count == 0) missing.Append("Nothing is known to be missing.\n");
        foreach (var item in context.Missing)
        {
            missing.Append("- ").Append(item.What).Append(": ").Append(item.Reason);
            if (item.HttpStatus is { } status) missing.Append(" (HTTP ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(')');
            missing.Append('\n');
        }

        // Passes with growing limits give every section its most relevant lines first (active problems, the key labs
        // and vitals, the latest encounters), so a long lab history cannot crowd out the rest; the last pass fills
        // what budget remains in section order.
        var activeProblems = context.Problems.Count(p => p.IsActive);
        var sections = new (string Name, string Heading, int[] Limits, List<string> Lines)[]
        {
            ("Problems", "## Problems (active first)", [activeProblems, activeProblems], [.. ProblemLines(context)]),
            ("Medications", "## Active medications", [int.MaxValue, int.MaxValue], [.. context.Medications.Select(MedicationLine)]),
            ("Allergies", "## Allergies and intolerances", [int.MaxValue, int.MaxValue], [.. context.Allergies.Select(AllergyLine)]),
            ("Labs", "## Labs (latest, trend)", [5, 12], [.. Prioritised(context.Labs, KeyLabs).Select(s => SeriesLine(s, context.AsOf))]),
            ("Vitals", "## Vital signs (latest, trend)", [4, 8], [.. Prioritised(context.Vitals, KeyVitals).Select(s => SeriesLine(s, context.AsOf))]),
            ("Findings", "## Social history and other findings (latest value)", [3, 8], [.. context.Findings.Select(FindingLine)]),
            ("Encounters and procedures", "## Encounters and procedures (most recent first)", [5, 10], [.. context.Timeline.Select(TimelineLine)]),
            ("Immunizations", "## Immunizations (most recent first)", [2, 5], [.. context.Immunizations.Select(ImmunizationLine)]),
            ("Other observations", "## Other observations", [2, 5], [.. context.OtherObservations.Select(s => SeriesLine(s, context.AsOf))]),
        };

        var budget = (long)tokenBudget * 4 - missing.Length - LeftOutReserve;
        long used = header.Length;
        var included = new bool[sections.Length][];
        for (var i = 0; i < sections.Length; i++) included[i] = new bool[sections[i].Lines.Count];
        var headed = new bool[sections.Length];
        for (var pass = 0; pass < 3; pass++)
            for (var i = 0; i < sections.Length; i++)
            {
                var (_, heading, limits, lines) = sections[i];
                var limit = pass < limits.Length ? Math.Min(limits[pass], lines.Count) : lines.Count;
                for (var j = 0; j < limit; j++)
                {
                    if (included[i][j]) continue;
                    var cost = lines[j].Length + 1 + (headed[i] ? 0 : heading.Length + 2);
                    if (used + cost > budget) continue;
                    used += cost;
                    headed[i] = included[i][j] = true;
                }
            }

        var text = new StringBuilder((int)Math.Min(used + missing.Length + LeftOutReserve, int.MaxValue / 2));
        text.Append(header);
        var leftOut = new List<LeftOutCount>();
        for (var i = 0; i < sections.Length; i++)
        {
            var (name, heading, _, lines) = sections[i];
            if (headed[i]) text.Append('\n').Append(heading).Append('\n');
            var omitted = 0;
            for (var j = 0; j < lines.Count; j++)
            {
                if (included[i][j]) text.Append(lines[j]).Append('\n');
                else omitted++;
            }
            if (omitted > 0) leftOut.Add(new LeftOutCount(name, omitted));
        }

        text.Append("\n## Left out to fit the token budget\n");
        if (leftOut.Count == 0) text.Append("Nothing was left out.\n");
        foreach (var item in leftOut) text.Append("- ").Append(item.Section).Append(": ").Append(item.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(missing);

        var result = text.ToString();
        return new ContextRendering(result, (result.Length + 3) / 4, leftOut);
    }

    private static IEnumerable<string> ProblemLines(LongitudinalContext context)
    {
        foreach (var problem in context.Problems)
        {
            var line = new StringBuilder("- ");
            line.Append(problem.IsActive ? "ACTIVE " : "resolved ").Append(problem.Code);
            if (problem.Onset is { } onset) line.Append(", onset ").Append(ClinicalDates.Format(onset));
            if (problem.Abatement is { } abatement) line.Append(", resolved ").Append(ClinicalDates.Format(abatement));
            if (problem.ClinicalStatus is { } status && status != "active" && status != "resolved") line.Append(", status ").Append(status);
            yield return line.Append(' ').Append(Cite(problem.Sources)).ToString();
        }
    }

    private static string MedicationLine(MedicationFact medication)
    {
        var line = new StringBuilder("- ").Append(medication.Medication);
        if (medication.Start is { } start) line.Append(", since ").Append(ClinicalDates.Format(start));
        if (medication.Dose is { } dose) line.Append(", dose: ").Append(dose);
        return line.Append(' ').Append(Cite(medication.Sources)).ToString();
    }

    private static string AllergyLine(AllergyFact allergy)
    {
        var line = new StringBuilder("- ").Append(allergy.Substance);
        line.Append(", criticality ").Append(allergy.Criticality ?? "unknown");
        if (allergy.ClinicalStatus is { } status) line.Append(", ").Append(status);
        if (allergy.Reactions.Count > 0) line.Append(", reactions: ").Append(string.Join("; ", allergy.Reactions));
        return line.Append(' ').Append(Cite(allergy.Sources)).ToString();
    }

    private static string SeriesLine(ObservationSeries series, DateTimeOffset asOf)
    {
        var s = series.Statistics;
        var unit = series.Unit.Length == 0 ? "" : " " + series.Unit;
        var line = new StringBuilder("- ").Append(series.Code).Append(": latest ").Append(Number(s.Latest.Value)).Append(unit)
            .Append(" on ").Append(ClinicalDates.Format(s.Latest.Time));
        if (s.Latest.Flag is { } flag) line.Append(" [").Append(flag).Append(']');
        line.Append(" (").Append(Ago(asOf - s.Latest.Time)).Append(')');
        if (s.Previous is { } previous)
        {
            line.Append("; previous ").Append(Number(previous.Value)).Append(unit).Append(" on ").Append(ClinicalDates.Format(previous.Time));
            line.Append("; ").Append(series.Points.Count.ToString(CultureInfo.InvariantCulture)).Append(" results since ")
                .Append(ClinicalDates.Format(series.Points[0].Time))
                .Append(", min ").Append(Number(s.Min.Value)).Append(", max ").Append(Number(s.Max.Value));
            if (s.ChangePerYear is { } change) line.Append(", trend ").Append(change >= 0 ? "+" : "").Append(Number(change)).Append(unit).Append("/year");
        }
        if (s.AbnormalCount > 0) line.Append("; ").Append(s.AbnormalCount.ToString(CultureInfo.InvariantCulture)).Append(" abnormal");
        // The points the line states are the ones it cites.
        var cited = new List<string>();
        foreach (var point in (ReadOnlySpan<SeriesPoint?>)[s.Latest, s.Previous, s.Min, s.Max])
            if (point is not null)
                foreach (var source in point.Sources)
                    if (!cited.Contains(source)) cited.Add(source);
        return line.Append(' ').Append(Cite(cited)).ToString();
    }

    private static string FindingLine(CodedFinding finding)
    {
        var line = new StringBuilder("- ").Append(finding.Code).Append(": ").Append(finding.Value).Append(" on ").Append(ClinicalDates.Format(finding.Time));
        if (finding.Count > 1) line.Append(" (recorded ").Append(finding.Count.ToString(CultureInfo.InvariantCulture)).Append(" times)");
        return line.Append(' ').Append(Cite(finding.Sources)).ToString();
    }

    private static string TimelineLine(TimelineEvent item)
    {
        var line = new StringBuilder("- ").Append(ClinicalDates.Format(item.Start)).Append(' ').Append(item.Kind).Append(": ").Append(item.What);
        if (item.Status is { } status && status != "finished" && status != "completed") line.Append(", ").Append(status);
        return line.Append(' ').Append(Cite(item.Sources)).ToString();
    }

    private static string ImmunizationLine(ImmunizationFact item) =>
        $"- {ClinicalDates.Format(item.Date)} {item.Vaccine} {Cite(item.Sources)}";

    private static IEnumerable<ObservationSeries> Prioritised(IReadOnlyList<ObservationSeries> series, string[] keyCodes)
    {
        // Stable: key codes in their clinical order, then abnormal latest values, then the rest (already most recent first).
        var ranked = new List<(int Rank, int Index, ObservationSeries Series)>(series.Count);
        for (var i = 0; i < series.Count; i++)
        {
            var key = Array.IndexOf(keyCodes, series[i].Code.Code);
            var rank = key >= 0 ? key : series[i].Statistics.Latest.Flag is not null ? keyCodes.Length : keyCodes.Length + 1;
            ranked.Add((rank, i, series[i]));
        }
        ranked.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Index.CompareTo(b.Index));
        foreach (var item in ranked) yield return item.Series;
    }

    private static string Cite(IReadOnlyList<string> sources) => "[" + string.Join(", ", sources) + "]";

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    private static string Ago(TimeSpan span) => span.TotalDays switch
    {
        < 0 => "after the context date",
        < 1 => "today",
        < 60 => $"{(int)span.TotalDays} days ago",
        < 730 => $"{(int)(span.TotalDays / 30.44)} months ago",
        _ => $"{(int)(span.TotalDays / 365.25)} years ago",
    };
}
