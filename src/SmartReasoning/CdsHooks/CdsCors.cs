namespace SmartReasoning.CdsHooks;

/// <summary>
/// CORS for the CDS Hooks paths, ahead of authentication: a browser's preflight carries no JWT, so it is answered here
/// (204 with the allowed methods and headers) and never reaches the endpoints. Other calls from an allowed origin get
/// <c>Access-Control-Allow-Origin</c>.
/// </summary>
public sealed class CdsCors(RequestDelegate next, CdsHooksOptions options)
{
    public Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Path.StartsWithSegments(CdsHooksEndpoints.DiscoveryPath, StringComparison.Ordinal)) return next(http);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return next(http);
        var any = options.AllowedOrigins.Contains("*");
        if (!any && !options.AllowedOrigins.Contains(origin, StringComparer.Ordinal)) return next(http);

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = any ? "*" : origin;
        if (!any) headers.Vary = "Origin";
        if (HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.AccessControlRequestMethod.Count > 0)
        {
            headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
            headers.AccessControlAllowHeaders = "Authorization, Content-Type";
            headers.AccessControlMaxAge = "600";
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        return next(http);
    }
}
