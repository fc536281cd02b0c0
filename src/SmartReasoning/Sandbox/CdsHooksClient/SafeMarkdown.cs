using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// Card details (Markdown from a remote service) as HTML that cannot run anything: raw HTML is shown as text, and a
/// link or image whose URL is not http, https or mailto (<c>javascript:</c>, <c>data:</c>...) loses its URL.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "#";
            if (!link.IsImage)
            {
                // A card's links open outside the chart, and never hand the chart page to the opened one.
                link.GetAttributes().AddPropertyIfNotExist("target", "_blank");
                link.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer");
            }
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url)) autolink.Url = "#";
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Absolute http, https or mailto URLs with no whitespace or control characters (browsers drop those, so <c>java&#9;script:</c> would run).</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return false;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);
    }
}
