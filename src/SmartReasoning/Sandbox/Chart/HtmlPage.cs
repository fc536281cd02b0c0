using System.Text;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// A page of the sandbox EHR with the headers that keep data from running as code: a Content-Security-Policy that
/// allows only the sandbox's own script and style (no inline script), no MIME sniffing, no referrer.
/// </summary>
internal sealed class HtmlPage(string title, string body, string bodyAttributes = "") : IResult
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' http: https: data:; frame-src http: https:; object-src 'none'; base-uri 'none'";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.E(title)).Append("</title><link rel=\"stylesheet\" href=\"/assets/chart.css\">")
            .Append("<script src=\"/assets/chart.js\" defer></script></head><body").Append(bodyAttributes).Append('>')
            .Append("<a class=\"skip-link\" href=\"#main\">Skip to content</a>")
            .Append(body)
            .Append("</body></html>");
        await response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }
}
