using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartReasoning.Launch;

/// <summary>
/// The authorization request of one launch (SMART App Launch 2.2 §2.0.6): <c>response_type=code</c>, <c>client_id</c>,
/// the exact <c>redirect_uri</c>, <c>scope</c>, <c>state</c>, <c>aud</c> = the FHIR base exactly, PKCE S256 always,
/// <c>launch</c> echoed, <c>nonce</c> with <c>openid</c>. Sent as a redirect, or as a self-submitting form POST when
/// the URL would be long and the server offers <c>authorize-post</c>.
/// </summary>
public sealed class AuthorizeRequest
{
    /// <summary>Longer URLs are cut by some browsers, proxies and EHR embeddings: past this, POST if the server can take it.</summary>
    public const int MaxRedirectLength = 1500;

    public AuthorizeRequest(string endpoint, IReadOnlyDictionary<string, string> parameters, bool serverAcceptsPost)
    {
        Endpoint = endpoint;
        Parameters = parameters;
        Url = QueryHelpers.AddQueryString(endpoint, parameters!);
        UsePost = Url.Length > MaxRedirectLength && serverAcceptsPost;
    }

    public string Endpoint { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The request as a GET URL (the redirect).</summary>
    public string Url { get; }

    public bool UsePost { get; }

    public string State => Parameters["state"];

    /// <summary>
    /// The parameters of a launch; <paramref name="aud"/> is the FHIR base exactly as the EHR named it (its <c>iss</c>),
    /// <paramref name="launch"/> null for a standalone launch.
    /// </summary>
    public static Dictionary<string, string> BuildParameters(LaunchConfig config, string aud, string redirectUri, string scope, string state, PkceChallenge pkce, string? launch, string? nonce)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["response_type"] = "code",
            ["client_id"] = config.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["aud"] = aud,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = PkceChallenge.Method,
        };
        if (launch is not null) parameters["launch"] = launch;
        if (nonce is not null) parameters["nonce"] = nonce;
        return parameters;
    }

    /// <summary>
    /// The scopes to ask for: the config's, with <c>launch</c> for an EHR launch (it binds the launch context) and
    /// without it for a standalone launch (where some servers refuse it).
    /// </summary>
    public static string ScopeFor(LaunchConfig config, bool ehrLaunch)
    {
        var scopes = config.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ehrLaunch && !scopes.Contains("launch")) scopes.Insert(0, "launch");
        if (!ehrLaunch) scopes.Remove("launch");
        return string.Join(' ', scopes);
    }

    /// <summary>A page that posts the request to the authorize endpoint at once (and offers a button when scripts are off).</summary>
    public string AutoSubmitPage()
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><title>Signing in to the EHR</title></head>")
            .Append("<body><form id=\"authorize\" method=\"post\" action=\"").Append(WebUtility.HtmlEncode(Endpoint)).Append("\">");
        foreach (var (name, value) in Parameters)
            page.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
        page.Append("<noscript><p>Continue to the EHR to sign in.</p><button type=\"submit\">Continue</button></noscript></form>")
            .Append("<script>document.getElementById('authorize').submit();</script></body></html>");
        return page.ToString();
    }

    public override string ToString() => $"authorize request to {Endpoint}";
}
