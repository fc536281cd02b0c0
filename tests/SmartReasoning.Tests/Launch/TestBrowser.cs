using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartReasoning.Tests.Launch;

/// <summary>
/// A browser for launch tests: keeps cookies, follows redirects by hand (recording every URL it visits), submits the
/// self-posting authorize form as a browser's script would, and can stop before a URL so a test can change it.
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public TestBrowser() => _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = _cookies }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Every URL requested, in order.</summary>
    public List<Uri> Visited { get; } = [];

    /// <summary>The forms posted (the authorize POST), with their fields.</summary>
    public List<(Uri Action, Dictionary<string, string> Fields)> Posted { get; } = [];

    /// <summary>The SmartReasoning browser session cookie, once set.</summary>
    public string? SessionCookie(string serviceBase) => _cookies.GetCookies(new Uri(serviceBase))["smartreasoning_session"]?.Value;

    /// <summary>
    /// Opens <paramref name="url"/> and follows redirects and the authorize form; stops at a page, or before a URL that
    /// <paramref name="stopBefore"/> picks (returned in <see cref="BrowserPage.StoppedAt"/>, not requested).
    /// </summary>
    public async Task<BrowserPage> GoAsync(string url, Func<Uri, bool>? stopBefore = null)
    {
        var next = new Uri(url);
        HttpRequestMessage? request = null;
        for (var hop = 0; hop < 20; hop++)
        {
            if (stopBefore?.Invoke(next) == true) return new BrowserPage(0, next, "", next);
            request ??= new HttpRequestMessage(HttpMethod.Get, next);
            Visited.Add(next);
            using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
            request.Dispose();
            request = null;
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.OK && AutoSubmitForm().Match(body) is { Success: true } form)
            {
                // What the page's script does: post the hidden fields to the form's action.
                var action = new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value));
                var fields = HiddenField().Matches(body).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
                Posted.Add((action, fields));
                next = action;
                request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
                continue;
            }
            return new BrowserPage(response.StatusCode, next, body, null);
        }
        throw new InvalidOperationException("too many redirects");
    }

    /// <summary>The query of the first visited URL that starts with <paramref name="prefix"/> (scheme, host, port and path).</summary>
    public Dictionary<string, string> QueryOf(string prefix) =>
        QueryHelpers.ParseQuery(Visited.First(u => u.GetLeftPart(UriPartial.Path) == prefix).Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form id=\"authorize\" method=\"post\" action=\"(?<action>[^\"]+)\">")]
    private static partial Regex AutoSubmitForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}

/// <summary>Where the browser ended: a page (status, URL, HTML), or the URL it was told to stop before.</summary>
public sealed record BrowserPage(HttpStatusCode Status, Uri Url, string Html, Uri? StoppedAt)
{
    public Dictionary<string, string> Query => QueryHelpers.ParseQuery(Url.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>The text of the element with this id (pages encode their text, so this is the encoded form).</summary>
    public string? Element(string id) =>
        Regex.Match(Html, $"id=\"{Regex.Escape(id)}\"[^>]*>(?<text>[^<]*)<") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["text"].Value) : null;
}
