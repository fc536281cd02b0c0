using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Issues the sandbox's access tokens (JWTs signed RS256 with <see cref="SigningKeys.Rsa"/>) and checks them for the
/// FHIR server: signature, algorithm, expiry (no clock skew: a strict EHR), exact audience, and revocation.
/// </summary>
public sealed class AccessTokenService(SigningKeys keys, TimeProvider clock)
{
    private const string SimulatedErrorClaim = "sandbox_simulated_error";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private const int MaxVerified = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Token, string Audience), AccessGrant> _verified = new();

    /// <summary>Signs a token for <paramref name="grant"/>, valid for <paramref name="audience"/> (the FHIR base) until the grant expires.</summary>
    public string Issue(AccessGrant grant, string issuer, string audience, SimulatedError simulate = SimulatedError.None)
    {
        var now = clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = grant.TokenId,
            [JwtRegisteredClaimNames.Sub] = grant.FhirUser ?? grant.ClientId,
            ["client_id"] = grant.ClientId,
            ["scope"] = grant.Scope,
        };
        if (grant.Patient is not null) claims["patient"] = grant.Patient;
        if (grant.Encounter is not null) claims["encounter"] = grant.Encounter;
        if (grant.FhirUser is not null) claims["fhirUser"] = grant.FhirUser;
        if (simulate is SimulatedError.InvalidAccessToken or SimulatedError.ExpiredAccessToken) claims[SimulatedErrorClaim] = simulate.ToString();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = grant.ExpiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.RsaCredentials,
            TokenType = "at+jwt",
        });
    }

    /// <summary>Checks a bearer token presented to the FHIR server at <paramref name="audience"/>.</summary>
    public async Task<AccessTokenCheck> ValidateAsync(string token, string audience)
    {
        // A token whose signature was verified for this audience is remembered (keyed by its exact text, so a tampered
        // one never matches); expiry and revocation are still checked on every request.
        if (_verified.TryGetValue((token, audience), out var known)) return Current(known);
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = keys.Rsa,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuer = false, // only this sandbox holds the key; the audience says which server it is for
            ValidAudience = audience,
            ValidateLifetime = false, // checked below against the sandbox's clock, with no skew
            RequireExpirationTime = true,
            ValidTypes = ["at+jwt"],
        });
        if (!result.IsValid) return AccessTokenCheck.Refused("the access token is not valid for this server (signature, algorithm, type or audience)");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (jwt.TryGetPayloadValue<string>(SimulatedErrorClaim, out var simulated))
            return AccessTokenCheck.Refused(simulated == nameof(SimulatedError.ExpiredAccessToken) ? "the access token has expired" : "the access token is not valid (simulated)");
        var grant = GrantOf(jwt);
        var check = Current(grant);
        if (check.IsValid)
        {
            if (_verified.Count >= MaxVerified) _verified.Clear(); // a crude bound: the sandbox serves few clients at once
            _verified[(token, audience)] = grant;
        }
        return check;
    }

    private AccessTokenCheck Current(AccessGrant grant)
    {
        if (grant.ExpiresAt <= clock.GetUtcNow()) return AccessTokenCheck.Refused("the access token has expired");
        if (_revoked.ContainsKey(grant.TokenId)) return AccessTokenCheck.Refused("the access token has been revoked");
        return AccessTokenCheck.Valid(grant);
    }

    /// <summary>Revokes a token by its id (e.g. when the authorization code it came from is presented again).</summary>
    public void Revoke(string tokenId, DateTimeOffset expiresAt)
    {
        // An expired token is refused anyway, so its revocation need not be remembered.
        foreach (var stale in _revoked.Where(r => r.Value < clock.GetUtcNow()).Select(r => r.Key).ToList()) _revoked.TryRemove(stale, out _);
        _revoked[tokenId] = expiresAt;
    }

    private static AccessGrant GrantOf(JsonWebToken jwt) => new()
    {
        ClientId = Claim(jwt, "client_id") ?? "",
        Scope = Claim(jwt, "scope") ?? "",
        Patient = Claim(jwt, "patient"),
        Encounter = Claim(jwt, "encounter"),
        FhirUser = Claim(jwt, "fhirUser"),
        TokenId = jwt.Id,
        ExpiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero),
    };

    private static string? Claim(JsonWebToken jwt, string name) => jwt.TryGetPayloadValue<string>(name, out var value) ? value : null;
}

/// <summary>The outcome of checking an access token: the grant, or why it was refused.</summary>
public sealed record AccessTokenCheck(AccessGrant? Grant, string? Error)
{
    public bool IsValid => Grant is not null;

    public static AccessTokenCheck Valid(AccessGrant grant) => new(grant, null);

    public static AccessTokenCheck Refused(string error) => new(null, error);
}
