using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// Signs the JWT a CDS client sends with every request (CDS Hooks 2.0 §Trusting CDS Clients): ES384, header
/// <c>jku</c> (where the service finds the public key) and <c>kid</c>; claims iss, sub (the client id), aud (the exact
/// URL called), exp (five minutes), iat and a unique jti.
/// </summary>
public sealed class CdsJwtSigner(SigningCredentials credentials, string issuer, string jwksUrl, string clientId, TimeProvider? clock = null)
{
    /// <summary>The client id the sandbox EHR presents to CDS services.</summary>
    public const string SandboxClientId = "sandbox-ehr";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Issuer => issuer;

    public string JwksUrl => jwksUrl;

    /// <summary>A fresh token for one request to <paramref name="audience"/>.</summary>
    public string Sign(string audience)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = credentials,
            TokenType = "JWT",
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = jwksUrl },
        });
    }
}
