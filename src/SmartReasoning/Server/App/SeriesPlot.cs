using System.Globalization;
using System.Net;
using System.Text;
using SmartReasoning.Compile;

namespace SmartReasoning.Server.App;

/// <summary>
/// Draws a series as an SVG line plot: the reference range as a shaded band, each point (abnormal ones marked), the
/// time and value axes, and (for blood pressure) a second series on the same axes. Drawn here rather than by a
/// charting library, so the page needs nothing from the internet. The SVG carries a title and a description a screen
/// reader reads (the latest value and the range), and each point its value and date as a tooltip.
/// </summary>
public static class SeriesPlot
{
    private const double Width = 420, Height = 170, Left = 46, Right = 12, Top = 12, Bottom = 26;

    public static string Render(KeySeries key, ObservationSeries series, ObservationSeries? partner = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(series);
        var points = series.Points.Concat(partner?.Points ?? []).ToList();
        var range = key.RangeApplies(series.Unit) ? key : null;
        var partnerRange = partner is not null && key.Partner is { } p && p.RangeApplies(partner.Unit) ? p : null;

        var first = points.Min(x => x.Time);
        var last = points.Max(x => x.Time);
        var values = points.Select(x => x.Value).ToList();
        foreach (var bound in new[] { range?.Low, range?.High, partnerRange?.Low, partnerRange?.High }) if (bound is { } b) values.Add(b);
        var (min, max) = (values.Min(), values.Max());
        var pad = (max - min) * 0.1;
        if (pad == 0) pad = Math.Abs(max) * 0.1 + 1;
        (min, max) = (min - pad, max + pad);
        if (min < 0 && values.All(v => v >= 0)) min = 0;

        double X(DateTimeOffset t) => last == first ? Left + (Width - Left - Right) / 2 : Left + (t - first).TotalSeconds / (last - first).TotalSeconds * (Width - Left - Right);
        double Y(double v) => Top + (max - v) / (max - min) * (Height - Top - Bottom);

        var id = $"plot-{key.Id}";
        var latest = series.Statistics.Latest;
        var description = $"{series.Points.Count} measurements from {Day(series.Points[0].Time)} to {Day(latest.Time)}; latest {N(latest.Value)} {series.Unit} on {Day(latest.Time)}"
            + (range is null ? "" : $"; reference range {RangeText(range, series.Unit)}")
            + (partner is null ? "" : $"; {key.Partner!.Label.ToLowerInvariant()} latest {N(partner.Statistics.Latest.Value)} {partner.Unit}");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"plot\" id=\"{id}\" data-series=\"{key.Id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{H(key.Label)} ({H(series.Unit)})</title><desc id=\"{id}-desc\">{H(description)}</desc>");
        Band(svg, range, X, Y, min, max, "range");
        Band(svg, partnerRange, X, Y, min, max, "range partner-range");
        // Axes: the value scale at the bottom, middle and top, and the first and last dates.
        foreach (var v in new[] { min, (min + max) / 2, max })
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\"/><text class=\"axis\" x=\"{Left - 4}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{N(v)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left}\" y=\"{Height - 6}\">{Day(first)}</text>");
        if (last != first) svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Width - Right}\" y=\"{Height - 6}\" text-anchor=\"end\">{Day(last)}</text>");
        Line(svg, series, X, Y, "series");
        if (partner is not null) Line(svg, partner, X, Y, "series partner");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The range as words: "4–5.6 %", "below 100 mg/dL", "60 mL/min/1.73m2 or more".</summary>
    public static string RangeText(KeySeries range, string unit) => (range.Low, range.High) switch
    {
        ({ } low, { } high) => $"{N(low)}–{N(high)} {unit}",
        (null, { } high) => $"below {N(high)} {unit}",
        ({ } low, null) => $"{N(low)} {unit} or more",
        _ => "none",
    };

    private static void Band(StringBuilder svg, KeySeries? range, Func<DateTimeOffset, double> x, Func<double, double> y, double min, double max, string css)
    {
        if (range is null) return;
        var top = y(Math.Min(range.High ?? max, max));
        var bottom = y(Math.Max(range.Low ?? min, min));
        if (bottom <= top) return;
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{Left}\" y=\"{F(top)}\" width=\"{Width - Left - Right}\" height=\"{F(bottom - top)}\"><title>Reference range</title></rect>");
    }

    private static void Line(StringBuilder svg, ObservationSeries series, Func<DateTimeOffset, double> x, Func<double, double> y, string css)
    {
        if (series.Points.Count > 1)
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{css}\" fill=\"none\" points=\"{string.Join(' ', series.Points.Select(p => $"{F(x(p.Time))},{F(y(p.Value))}"))}\"/>");
        foreach (var p in series.Points)
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point{(p.Flag is null ? "" : " abnormal")}\" cx=\"{F(x(p.Time))}\" cy=\"{F(y(p.Value))}\" r=\"{(p.Flag is null ? 2.5 : 3.5)}\"><title>{N(p.Value)} {H(series.Unit)} on {Day(p.Time)}{(p.Flag is null ? "" : $" ({p.Flag})")}</title></circle>");
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    internal static string N(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    internal static string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
