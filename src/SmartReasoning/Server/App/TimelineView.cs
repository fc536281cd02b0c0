using System.Globalization;
using System.Text;
using SmartReasoning.Compile;

namespace SmartReasoning.Server.App;

/// <summary>
/// The patient's story on one time axis, as SVG: a row per problem (onset to resolution, or to now), per active
/// medication (from its start), and one row of encounters and procedures as ticks. The same facts follow as a table
/// with dates and links to the source resources, for a screen reader or a keyboard user.
/// </summary>
public static class TimelineView
{
    private const double Width = 900, LabelWidth = 230, Right = 14, Row = 18, Header = 20, AxisHeight = 22;
    private const int MaxRows = 12;

    private sealed record Bar(string Lane, string Label, DateTimeOffset Start, DateTimeOffset? End, string Detail, string? Source);

    public static string Render(LongitudinalContext context, Func<string, string> link)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = context.Problems.Where(p => p.Onset is not null).OrderBy(p => p.Onset).Take(MaxRows)
            .Select(p => new Bar("Problems", p.Code.Display, p.Onset!.Value, p.Abatement ?? (p.IsActive ? null : p.Onset), p.IsActive ? "active" : p.ClinicalStatus ?? "inactive", p.Sources.FirstOrDefault())).ToList();
        var medications = context.Medications.Where(m => m.Start is not null).OrderBy(m => m.Start).Take(MaxRows)
            .Select(m => new Bar("Medications", m.Medication.Display, m.Start!.Value, null, m.Dose ?? m.Status ?? "", m.Sources.FirstOrDefault())).ToList();
        var events = context.Timeline.Where(t => t.Start is not null)
            .Select(t => new Bar(t.Kind == "encounter" ? "Encounters" : "Procedures", t.What.Display, t.Start!.Value, t.End, t.Status ?? "", t.Sources.FirstOrDefault())).ToList();
        var all = problems.Concat(medications).Concat(events).ToList();
        if (all.Count == 0) return "<p id=\"timeline\">No dated problems, medications or encounters in the record.</p>";

        var first = all.Min(b => b.Start);
        var last = context.AsOf > first ? context.AsOf : first.AddDays(1);
        double X(DateTimeOffset t) => LabelWidth + Math.Clamp((t - first).TotalSeconds / (last - first).TotalSeconds, 0, 1) * (Width - LabelWidth - Right);

        var rows = new List<(string? Lane, Bar? Bar)>();
        foreach (var lane in new[] { problems, medications })
        {
            if (lane.Count == 0) continue;
            rows.Add((lane[0].Lane, null));
            rows.AddRange(lane.Select(b => ((string?)null, (Bar?)b)));
        }
        var encounterRow = events.Count > 0;
        var height = Header + rows.Count * Row + (encounterRow ? Row * 1.5 : 0) + AxisHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<figure id=\"timeline\"><svg class=\"timeline\" viewBox=\"0 0 {Width} {F(height)}\" role=\"img\" aria-labelledby=\"timeline-svg-title\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture,
            $"<title id=\"timeline-svg-title\">Timeline from {SeriesPlot.Day(first)} to {SeriesPlot.Day(last)}: {problems.Count} problems, {medications.Count} medications, {events.Count} encounters and procedures (listed in the table below)</title>");
        // Year lines.
        for (var year = first.Year + 1; year <= last.Year; year++)
        {
            var x = X(new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Header - 6}\" y2=\"{F(height - AxisHeight + 4)}\"/>");
            if ((last.Year - first.Year) <= 12 || year % 2 == 0)
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(x)}\" y=\"{F(height - 6)}\" text-anchor=\"middle\">{year}</text>");
        }
        var y = (double)Header;
        foreach (var (lane, bar) in rows)
        {
            if (lane is not null)
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lane\" x=\"4\" y=\"{F(y + Row - 5)}\">{AppPages.H(lane)}</text>");
            else if (bar is not null)
            {
                var x1 = X(bar.Start);
                var x2 = bar.End is { } end ? Math.Max(X(end), x1 + 3) : X(last);
                var css = bar.Lane == "Problems" ? "bar problem" : "bar medication";
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"12\" y=\"{F(y + Row - 5)}\">{AppPages.H(Short(bar.Label))}</text>")
                    .Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{F(x1)}\" y=\"{F(y + 4)}\" width=\"{F(x2 - x1)}\" height=\"{Row - 8}\"><title>{AppPages.H(bar.Label)} from {SeriesPlot.Day(bar.Start)}{(bar.End is { } e ? $" to {SeriesPlot.Day(e)}" : "")} ({AppPages.H(bar.Detail)})</title></rect>");
            }
            y += Row;
        }
        if (encounterRow)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lane\" x=\"4\" y=\"{F(y + Row - 3)}\">Encounters and procedures</text>");
            foreach (var e in events)
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"tick {(e.Lane == "Encounters" ? "encounter" : "procedure")}\" x1=\"{F(X(e.Start))}\" x2=\"{F(X(e.Start))}\" y1=\"{F(y + 3)}\" y2=\"{F(y + Row + 3)}\"><title>{AppPages.H(e.Label)} on {SeriesPlot.Day(e.Start)}</title></line>");
        }
        svg.Append("</svg>");

        // The same facts as a table (newest first), each linked to its source resource.
        svg.Append("<details class=\"timeline-table\"><summary>The timeline as a table</summary><table><caption class=\"small\">Problems, medications, encounters and procedures by date</caption>")
            .Append("<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Kind</th><th scope=\"col\">What</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        foreach (var bar in all.OrderByDescending(b => b.Start))
        {
            svg.Append("<tr><td>").Append(SeriesPlot.Day(bar.Start)).Append(bar.End is { } end && end != bar.Start ? $" – {SeriesPlot.Day(end)}" : "").Append("</td><td>")
                .Append(AppPages.H(bar.Lane)).Append("</td><td>");
            if (bar.Source is { } source) svg.Append("<a href=\"").Append(AppPages.H(link(source))).Append("\">").Append(AppPages.H(bar.Label)).Append("</a>");
            else svg.Append(AppPages.H(bar.Label));
            svg.Append("</td><td>").Append(AppPages.H(bar.Detail)).Append("</td></tr>");
        }
        svg.Append("</tbody></table></details></figure>");
        return svg.ToString();
    }

    private static string Short(string text) => text.Length <= 34 ? text : text[..33] + "…";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
