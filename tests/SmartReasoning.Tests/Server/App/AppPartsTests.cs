using System.Text.Json;
using System.Xml.Linq;
using SmartReasoning.Compile;
using SmartReasoning.Server.App;
using SmartReasoning.Server.Review;

namespace SmartReasoning.Tests.Server.App;

/// <summary>The app's drawing and styling parts: plots, key series, the EHR's style, failure pages.</summary>
public sealed class AppPartsTests
{
    private static readonly DateTimeOffset Day0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ObservationSeries Series(string loinc, string unit, params double[] values)
    {
        var points = values.Select((v, i) => new SeriesPoint(Day0.AddDays(90 * i), v, v > 130 ? "H" : null, [$"Observation/o{i}"])).ToList();
        var stats = new SeriesStatistics(points[^1], points.Count > 1 ? points[^2] : null, points.MinBy(p => p.Value)!, points.MaxBy(p => p.Value)!, null, TimeSpan.Zero, points.Count(p => p.Flag is not null));
        return new ObservationSeries(new ClinicalCode("http://loinc.org", loinc, loinc), unit, "laboratory", points, stats);
    }

    private static LongitudinalContext Context(params ObservationSeries[] labs) =>
        new(Day0.AddYears(2), null, [], [], [], labs, [], [], [], [], [], [], 0);

    [Fact]
    public void A_plot_is_well_formed_svg_with_its_range_shaded_a_point_per_measurement_and_abnormal_points_marked()
    {
        var key = KeySeries.All.Single(k => k.Id == "blood-pressure");
        var systolic = Series("8480-6", "mm[Hg]", 120, 128, 142);
        var diastolic = Series("8462-4", "mm[Hg]", 78, 82, 90);

        var svg = XElement.Parse(SeriesPlot.Render(key, systolic, diastolic));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Contains("latest 142 mm[Hg]", svg.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.Equal(2, svg.Elements(ns + "rect").Count(r => ((string?)r.Attribute("class"))!.Contains("range", StringComparison.Ordinal)));
        Assert.Equal(6, svg.Elements(ns + "circle").Count());
        Assert.Single(svg.Elements(ns + "circle"), c => (string?)c.Attribute("class") == "point abnormal");
        // The range band of systolic 90–130 lies between the y of 130 (top) and of 90: the 142 point is above its top.
        var band = svg.Elements(ns + "rect").First();
        var high = svg.Elements(ns + "circle").Single(c => (string?)c.Attribute("class") == "point abnormal");
        Assert.True(double.Parse((string)high.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture)
            < double.Parse((string)band.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_series_in_another_unit_is_plotted_without_a_range_it_would_misplace()
    {
        var key = KeySeries.All.Single(k => k.Id == "hba1c");

        var svg = SeriesPlot.Render(key, Series("4548-4", "mmol/mol", 48, 53));

        Assert.DoesNotContain("class=\"range\"", svg, StringComparison.Ordinal);
        Assert.True(key.RangeApplies("%"));
        Assert.False(key.RangeApplies("mmol/mol"));
    }

    [Fact]
    public void Key_series_are_found_by_any_of_their_loinc_codes_and_ucum_and_display_units_match()
    {
        var egfr = KeySeries.All.Single(k => k.Id == "egfr");
        var context = Context(Series("62238-1", "mL/min/{1.73_m2}", 40, 35), Series("2160-0", "mg/dL", 1.2));

        Assert.Equal("62238-1", egfr.In(context)!.Code.Code);
        Assert.True(egfr.RangeApplies("mL/min/{1.73_m2}"));
        Assert.Null(KeySeries.All.Single(k => k.Id == "ldl").In(context));
    }

    [Theory]
    [InlineData("""{"color_background":"#f6f7f9","color_text":"#1b1b1b","font_family_body":"system-ui, sans-serif"}""",
        ":root{--ehr-background:#f6f7f9;--ehr-text:#1b1b1b;--ehr-font-body:system-ui, sans-serif;}")]
    [InlineData("""{"color_background":"red;}body{display:none","color_text":"url(https://evil.example/x)","font_family":"</style><script>"}""", "")]
    [InlineData("""{"color_background":42}""", "")]
    [InlineData("""[1,2]""", "")]
    public void The_ehr_style_becomes_css_variables_and_anything_but_plain_values_is_left_out(string json, string css)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(css, EhrStyle.Css(document.RootElement));
    }

    [Theory]
    [InlineData(ReviewFailureKind.AccessRefused, "session-ended", 401)]
    [InlineData(ReviewFailureKind.FhirUnreachable, "fhir-unreachable", 502)]
    [InlineData(ReviewFailureKind.NoPatient, "no-patient", 502)]
    [InlineData(ReviewFailureKind.Reasoning, "reasoning", 500)]
    [InlineData(ReviewFailureKind.Unexpected, "unexpected", 500)]
    public void Each_kind_of_review_failure_has_its_own_page(ReviewFailureKind kind, string page, int status)
    {
        var failure = AppFailurePage.For(new ReviewFailure(kind, "why"));

        Assert.Equal(page, failure.Kind);
        Assert.Equal(status, failure.Status);
        Assert.Equal(page, AppFailurePage.Slug(kind));
    }
}
