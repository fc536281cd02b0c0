using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Token introspection (RFC 7662, as SMART describes it): a registered client (authenticated as at the token endpoint)
/// or a holder of a valid access token asks whether a token is active and what it allows.
/// </summary>
internal sealed class IntrospectionEndpoint(ClientAuthenticator authenticator, AccessTokenService accessTokens, RefreshTokens refreshTokens)
{
    public async Task<IResult> Introspect(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return OAuthError.InvalidRequest("the introspection request must be application/x-www-form-urlencoded").ToResult();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var urls = SandboxUrls.Of(http);
        if (!await CallerIsAuthorized(http, form, urls)) return OAuthError.InvalidClient("introspection needs client authentication or a valid bearer token").ToResult();

        var token = form["token"].ToString();
        if (token.Length == 0) return OAuthError.InvalidRequest("token is required").ToResult();
        if ((await accessTokens.ValidateAsync(token, urls.FhirBase)).Grant is { } access)
        {
            var body = new JsonObject
            {
                ["active"] = true,
                ["token_type"] = "Bearer",
                ["scope"] = access.Scope,
                ["client_id"] = access.ClientId,
                ["sub"] = access.FhirUser ?? access.ClientId,
                ["exp"] = access.ExpiresAt.ToUnixTimeSeconds(),
                ["aud"] = urls.FhirBase,
                ["iss"] = urls.Issuer,
            };
            if (access.Patient is not null) body["patient"] = access.Patient;
            if (access.FhirUser is not null) body["fhirUser"] = $"{urls.FhirBase}/{access.FhirUser}";
            return TokenResponse.NoStore(body);
        }
        if (refreshTokens.Find(token) is { } refresh)
            return TokenResponse.NoStore(new JsonObject
            {
                ["active"] = true,
                ["token_type"] = "refresh_token",
                ["scope"] = refresh.Scope,
                ["client_id"] = refresh.ClientId,
                ["exp"] = refresh.ExpiresAt.ToUnixTimeSeconds(),
            });
        return TokenResponse.NoStore(new JsonObject { ["active"] = false });
    }

    private async Task<bool> CallerIsAuthorized(HttpContext http, IFormCollection form, SandboxUrls urls)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (await accessTokens.ValidateAsync(authorization["Bearer ".Length..].Trim(), urls.FhirBase)).IsValid;
        return (await authenticator.AuthenticateAsync(http.Request, form, urls.Introspect)).Client is not null;
    }
}
