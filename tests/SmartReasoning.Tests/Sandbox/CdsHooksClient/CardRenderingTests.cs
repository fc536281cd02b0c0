using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Tests.Sandbox.Chart;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>Cards rendered in the chart: every field shown, nothing from a service able to run in the page.</summary>
public sealed class CardRenderingTests : ChartSandbox
{
    [Fact]
    public void Markdown_shows_raw_html_as_text_and_strips_script_urls()
    {
        var html = SafeMarkdown.ToHtml("**Bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) [b](JAVASCRIPT:alert(4)) "
            + "<javascript:alert(5)> ![i](javascript:alert(6)) [c](data:text/html,hi) [d](https://example.org/ok) <https://example.org/auto>");

        Assert.Contains("<strong>Bold</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org/ok\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/auto\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.org", true)]
    [InlineData("mailto:a@example.org", true)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("vbscript:x", false)]
    [InlineData("/relative", false)]
    public void Only_absolute_http_https_and_mailto_urls_are_safe(string url, bool safe) => Assert.Equal(safe, SafeMarkdown.IsSafeUrl(url));

    [Fact]
    public async Task Card_shows_summary_indicator_detail_source_suggestions_links_and_override_reasons()
    {
        var html = await FireAsync("order-sign", encounterId: "e1");

        Assert.Contains("<article class=\"cds-card cds-warning\"", html, StringComparison.Ordinal);
        Assert.Contains("Bleeding risk: warfarin with an NSAID", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Risk</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Source: <a href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("(Bleeding)", html, StringComparison.Ordinal);
        Assert.Contains("Accept: Switch warfarin to apixaban</button> <span class=\"cds-recommended\">recommended</span>", html, StringComparison.Ordinal);
        Assert.Contains("delete MedicationRequest/m1: Stop warfarin", html, StringComparison.Ordinal);
        Assert.Contains("Choose at most one suggestion", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/more\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"1\">Will monitor INR</option>", html, StringComparison.Ordinal);
        // The SMART link launches through the sandbox, with its appContext and the encounter in context.
        Assert.Contains("class=\"cds-smart-link\" href=\"/chart/p1/launch?app=http%3A%2F%2F127.0.0.1%3A5480%2Flaunch&amp;appContext=%7B%22focus%22%3A%22bleeding%22%7D&amp;encounter=e1\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smart_link_launch_passes_the_app_context_through()
    {
        var (response, _) = await GetAsync("chart/p1/launch?app=http%3A%2F%2F127.0.0.1%3A5480%2Flaunch&appContext=%7B%22focus%22%3A%22bleeding%22%7D&encounter=e1");

        var launch = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query)["launch"].ToString();
        var context = Service<SmartReasoning.Sandbox.Authorization.LaunchContextStore>().Find(launch)!;
        Assert.Equal("{\"focus\":\"bleeding\"}", context.AppContext);
        Assert.Equal("e1", context.Encounter);
    }

    [Fact]
    public async Task Markup_in_card_fields_is_encoded()
    {
        Cds.Respond = (_, _) => (200, """
            {"cards":[{"uuid":"c","summary":"<img src=x onerror=alert(1)>","indicator":"critical","source":{"label":"<b>lab</b>","url":"javascript:alert(2)"},
              "links":[{"label":"<i>x</i>","url":"javascript:alert(3)","type":"absolute"}],
              "overrideReasons":[{"code":"r","display":"<script>alert(4)</script>"}]}]}
            """);

        var html = await FireAsync("order-sign");

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Source: &lt;b&gt;lab&lt;/b&gt;</p>", html, StringComparison.Ordinal); // a javascript: source URL is no link
        Assert.Contains("&lt;script&gt;alert(4)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("link &#39;&lt;i&gt;x&lt;/i&gt;&#39; ignored", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_cards_are_left_out_with_the_reason_and_long_summaries_warned()
    {
        var longSummary = new string('x', 141);
        Cds.Respond = (_, _) => (200, $$$"""
            {"cards":[{"summary":"Hard stop","indicator":"hard-stop","source":{"label":"s"}},
                      {"summary":"No source","indicator":"info"},
                      {"summary":"{{{longSummary}}}","indicator":"info","source":{"label":"s"}}]}
            """);

        var html = await FireAsync("order-sign");

        Assert.Contains("card 1 ignored: indicator &#39;hard-stop&#39; is not info, warning or critical", html, StringComparison.Ordinal);
        Assert.Contains("card 2 ignored: no source.label", html, StringComparison.Ordinal);
        Assert.Contains("card 3: the summary is 141 characters", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("<article class=\"cds-card").Length - 1);
    }
}
