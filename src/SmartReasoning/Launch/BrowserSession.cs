namespace SmartReasoning.Launch;

/// <summary>
/// The browser's session cookie: a random id (HttpOnly, SameSite=Lax so that it comes back with the EHR's redirect,
/// Secure over https) that ties launches to the browser that started them. It holds nothing else.
/// </summary>
public static class BrowserSession
{
    public const string CookieName = "smartreasoning_session";

    public static string? Read(HttpContext http) =>
        http.Request.Cookies.TryGetValue(CookieName, out var value) && value is { Length: >= 32 and <= 128 } ? value : null;

    /// <summary>The browser's session id, made (and set as a cookie) when it has none.</summary>
    public static string Ensure(HttpContext http)
    {
        if (Read(http) is { } existing) return existing;
        var id = RandomValue.New();
        http.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return id;
    }
}
