using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization.Scopes;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// The token endpoint: <c>authorization_code</c> (single use, bound to client, redirect URI and PKCE verifier),
/// <c>refresh_token</c> (rotated; a narrower scope honoured, a broader one refused) and <c>client_credentials</c>
/// (backend services: asymmetric clients and <c>system/</c> scopes only). Answers are never cached.
/// </summary>
internal sealed class TokenEndpoint(
    ClientAuthenticator authenticator, AuthorizationCodes codes, RefreshTokens refreshTokens, AccessTokenService accessTokens,
    SigningKeys keys, SandboxOptions options, TimeProvider clock)
{
    /// <summary>Backend-service tokens live five minutes: a system token reaches every patient.</summary>
    public static readonly TimeSpan BackendTokenLifetime = TimeSpan.FromMinutes(5);

    public async Task<IResult> Token(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return OAuthError.InvalidRequest("the token request must be application/x-www-form-urlencoded").ToResult();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.FirstOrDefault(f => f.Value.Count > 1) is { Key: { } repeated }) return OAuthError.InvalidRequest($"'{repeated}' is given more than once").ToResult();
        var urls = SandboxUrls.Of(http);
        var (client, error) = await authenticator.AuthenticateAsync(http.Request, form, urls.Token);
        if (client is null) return error!.ToResult();

        var result = form["grant_type"].ToString() switch
        {
            "authorization_code" => AuthorizationCode(client, form, urls),
            "refresh_token" => Refresh(client, form, urls),
            "client_credentials" => ClientCredentials(client, form, urls),
            "" => OAuthError.InvalidRequest("grant_type is required"),
            var other => (object)new OAuthError("unsupported_grant_type", $"grant_type '{other}' is not supported"),
        };
        return result is OAuthError oauthError ? oauthError.ToResult() : TokenResponse.NoStore((JsonObject)result);
    }

    private object AuthorizationCode(SmartClient client, IFormCollection form, SandboxUrls urls)
    {
        var code = form["code"].ToString();
        if (code.Length == 0) return OAuthError.InvalidRequest("code is required");
        var redemption = codes.Redeem(code);
        switch (redemption.Status)
        {
            case CodeStatus.Unknown: return OAuthError.InvalidGrant("the authorization code is not known");
            case CodeStatus.Reused:
                foreach (var token in redemption.TokensToRevoke) accessTokens.Revoke(token.TokenId, token.ExpiresAt);
                return OAuthError.InvalidGrant("the authorization code was already used; the tokens it bought are revoked");
            case CodeStatus.Expired: return OAuthError.InvalidGrant("the authorization code has expired");
        }
        var grant = redemption.Grant!;
        if (grant.ClientId != client.ClientId) return OAuthError.InvalidGrant("the authorization code was issued to another client");
        if (form["redirect_uri"] != grant.RedirectUri) return OAuthError.InvalidGrant("redirect_uri must be the one sent to the authorize endpoint");
        if (form["code_verifier"].ToString() is not { Length: > 0 } verifier) return OAuthError.InvalidRequest("code_verifier is required (PKCE)");
        if (!Pkce.Verifies(verifier, grant.CodeChallenge)) return OAuthError.InvalidGrant("code_verifier does not match the code_challenge");

        var (body, access) = Issue(client, grant.Scope, grant.Context, urls, options.AccessTokenLifetime, grant.Nonce);
        codes.RecordIssued(code, access);
        return body;
    }

    private object Refresh(SmartClient client, IFormCollection form, SandboxUrls urls)
    {
        var token = form["refresh_token"].ToString();
        if (token.Length == 0) return OAuthError.InvalidRequest("refresh_token is required");
        var grant = refreshTokens.Redeem(token);
        if (grant is null) return OAuthError.InvalidGrant("the refresh token is not known or was already used (tokens rotate on every refresh)");
        if (grant.ClientId != client.ClientId) return OAuthError.InvalidGrant("the refresh token was issued to another client");
        if (refreshTokens.IsExpired(grant)) return OAuthError.InvalidGrant("the refresh token has expired");
        var scope = grant.Scope;
        if (form["scope"].ToString() is { Length: > 0 } narrower)
        {
            if (!ScopeNegotiation.Narrow(narrower, grant.Scope)) return OAuthError.InvalidScope("a refresh may only narrow the scopes first granted");
            scope = narrower;
        }
        return Issue(client, scope, grant.Context, urls, options.AccessTokenLifetime, nonce: null, rotatedFrom: grant).Body;
    }

    private object ClientCredentials(SmartClient client, IFormCollection form, SandboxUrls urls)
    {
        if (client.AuthenticationMethod != ClientAuthenticationMethod.PrivateKeyJwt)
            return OAuthError.UnauthorizedClient("client_credentials is for backend services authenticating with private_key_jwt");
        var requested = form["scope"].ToString();
        if (requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(s => !s.StartsWith("system/", StringComparison.Ordinal)) is { } other)
            return OAuthError.InvalidScope($"backend services may ask only for system/ scopes, not '{other}'");
        var scope = ScopeNegotiation.Negotiate(requested, client.Scope);
        if (scope.Length == 0) return OAuthError.InvalidScope("none of the requested system/ scopes may be granted to this client");
        return Issue(client, scope, new LaunchContext(), urls, BackendTokenLifetime, nonce: null, allowRefresh: false).Body;
    }

    private (JsonObject Body, AccessGrant Access) Issue(SmartClient client, string scope, LaunchContext context, SandboxUrls urls, TimeSpan lifetime,
        string? nonce, RefreshGrant? rotatedFrom = null, bool allowRefresh = true)
    {
        var now = clock.GetUtcNow();
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var access = new AccessGrant
        {
            ClientId = client.ClientId,
            Scope = scope,
            Patient = context.Patient,
            Encounter = context.Encounter,
            FhirUser = context.FhirUser,
            TokenId = RandomId.New(),
            ExpiresAt = now + lifetime,
        };
        var body = new JsonObject
        {
            ["access_token"] = accessTokens.Issue(access, urls.Issuer, urls.FhirBase, context.SimulatedError),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = scope,
        };
        if (allowRefresh && (scopes.Contains("offline_access") || scopes.Contains("online_access")))
        {
            var expires = rotatedFrom?.ExpiresAt ?? now + (scopes.Contains("offline_access") ? RefreshTokens.OfflineLifetime : RefreshTokens.OnlineLifetime);
            body["refresh_token"] = refreshTokens.Issue(new RefreshGrant(client.ClientId, rotatedFrom?.Scope ?? scope, context, expires));
        }
        if (scopes.Contains("openid") && (scopes.Contains("fhirUser") || scopes.Contains("profile")) && context.FhirUser is not null)
            body["id_token"] = IdToken(client, context.FhirUser, urls, nonce, now);
        if (context.Patient is not null && (scopes.Contains("launch") || scopes.Contains("launch/patient"))) body["patient"] = context.Patient;
        if (context.Encounter is not null && (scopes.Contains("launch") || scopes.Contains("launch/encounter"))) body["encounter"] = context.Encounter;
        if (scopes.Contains("launch") || scopes.Contains("launch/patient"))
        {
            body["need_patient_banner"] = context.NeedPatientBanner;
            if (context.SmartStyleUrl is not null) body["smart_style_url"] = context.SmartStyleUrl;
            if (context.Intent is not null) body["intent"] = context.Intent;
            if (context.Tenant is not null) body["tenant"] = context.Tenant;
            if (context.AppContext is not null) body["appContext"] = context.AppContext; // from a CDS Hooks SMART link
            if (context.FhirContext.Count > 0)
                body["fhirContext"] = new JsonArray([.. context.FhirContext.Select(c => (JsonNode)(c.Role is null
                    ? new JsonObject { ["reference"] = c.Reference }
                    : new JsonObject { ["reference"] = c.Reference, ["role"] = c.Role }))]);
        }
        return (body, access);
    }

    /// <summary>The OpenID Connect id_token (RS256): who the user is, as an absolute FHIR URL in <c>fhirUser</c>.</summary>
    private string IdToken(SmartClient client, string fhirUser, SandboxUrls urls, string? nonce, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = fhirUser,
            ["fhirUser"] = $"{urls.FhirBase}/{fhirUser}",
            ["profile"] = $"{urls.FhirBase}/{fhirUser}",
        };
        if (nonce is not null) claims[JwtRegisteredClaimNames.Nonce] = nonce;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = urls.Issuer,
            Audience = client.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.AccessTokenLifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.RsaCredentials,
        });
    }
}
