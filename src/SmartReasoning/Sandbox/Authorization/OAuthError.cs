using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>An OAuth 2.0 error (RFC 6749 §5.2): the code, a description a developer can act on, and the HTTP status.</summary>
public sealed record OAuthError(string Error, string Description, int Status = StatusCodes.Status400BadRequest)
{
    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);

    public static OAuthError InvalidClient(string description) => new("invalid_client", description, StatusCodes.Status401Unauthorized);

    public static OAuthError InvalidGrant(string description) => new("invalid_grant", description);

    public static OAuthError InvalidScope(string description) => new("invalid_scope", description);

    public static OAuthError UnauthorizedClient(string description) => new("unauthorized_client", description);

    /// <summary>The JSON error response, never cached.</summary>
    public IResult ToResult() => TokenResponse.NoStore(new JsonObject { ["error"] = Error, ["error_description"] = Description }, Status,
        Status == StatusCodes.Status401Unauthorized ? "Basic realm=\"sandbox\"" : null);
}

/// <summary>Token-endpoint JSON answers: always with <c>Cache-Control: no-store</c> and <c>Pragma: no-cache</c>.</summary>
internal static class TokenResponse
{
    public static IResult NoStore(JsonObject body, int status = StatusCodes.Status200OK, string? authenticate = null) => new NoStoreResult(body, status, authenticate);

    private sealed class NoStoreResult(JsonObject body, int status, string? authenticate) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            if (authenticate is not null) httpContext.Response.Headers.WWWAuthenticate = authenticate;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
        }
    }
}
