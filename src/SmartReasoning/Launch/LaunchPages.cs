using System.Net;
using System.Text;

namespace SmartReasoning.Launch;

/// <summary>The launch's page of what went wrong (the app's own pages are in Server/App).</summary>
internal static class LaunchPages
{
    public static IResult Failure(LaunchFailure failure) => Page(failure.Status, failure.Title, $"""
        <h1 id="title">{H(failure.Title)}</h1>
        <p id="detail">{H(failure.Message)}</p>
        <p>If this keeps happening, tell your EHR administrator what this page says (it holds no patient data or password).</p>
        """);

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><title>{H(title)}</title><link rel=\"stylesheet\" href=\"/app/assets/app.css\"></head><body><main class=\"failure\" data-failure=\"launch\">{body}</main></body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
