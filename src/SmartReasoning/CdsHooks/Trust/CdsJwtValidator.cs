using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.CdsHooks.Trust;

/// <summary>Who called, once their JWT is trusted; or why it was not (for our log only: the caller learns nothing).</summary>
public sealed record CdsCaller(CdsClient? Client, string? Refusal)
{
    public bool IsTrusted => Client is not null;
}

/// <summary>
/// Checks the JWT a CDS client sends with every call (CDS Hooks 2.0, Trusting CDS Clients): ES384 or RS384 only (never
/// none or HMAC), a <c>kid</c>, an <c>iss</c> of a trusted client, a <c>jku</c> (when named) on that client's allow-list,
/// the signature by that client's key, <c>aud</c> exactly the URL called, <c>exp</c> in the future (and at most an hour
/// away), <c>iat</c> not in the future, a <c>jti</c> never seen before, and the client's <c>tenant</c> when it has one.
/// </summary>
public sealed class CdsJwtValidator(CdsClientRegistry clients, JkuKeyCache jkuKeys, JtiReplayGuard replay, TimeProvider clock)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The longest a token may still have to live: the spec recommends five minutes; this bounds what the replay guard keeps.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    private static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Checks the <c>Authorization</c> header's bearer JWT for a call to <paramref name="audience"/>.</summary>
    public async Task<CdsCaller> ValidateAsync(string? authorization, string audience, CancellationToken cancellationToken)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)) return Refused("no bearer token");
        var token = authorization[Bearer.Length..].Trim();
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Refused("not a JWT");
        }
        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal)) return Refused($"algorithm '{Quote(jwt.Alg)}' is not ES384 or RS384");
        if (string.IsNullOrEmpty(jwt.Kid)) return Refused("no kid");
        var client = clients.Find(jwt.Issuer);
        if (client is null) return Refused($"issuer '{Quote(jwt.Issuer)}' is not a trusted CDS client");
        var jku = jwt.TryGetHeaderValue<string>("jku", out var named) ? named : null;
        if (jku is not null && !client.JkuUrls.Contains(jku, StringComparer.Ordinal)) return Refused($"jku '{Quote(jku)}' is not allowed for issuer '{Quote(client.Issuer)}'");

        var keys = await KeysAsync(client, jku, jwt.Kid, cancellationToken);
        if (keys.Count == 0) return Refused($"no key '{Quote(jwt.Kid)}' for issuer '{Quote(client.Issuer)}'");
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            ValidIssuer = client.Issuer,
            ValidAudience = audience,
            IgnoreTrailingSlashWhenValidatingAudience = false, // exactly the URL called
            ValidateLifetime = false, // below, against our clock
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid)
            return Refused(result.Exception switch
            {
                SecurityTokenInvalidAudienceException => "aud is not the URL called",
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the signature does not verify",
                _ => "the token does not verify",
            });

        var now = clock.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo == DateTime.MinValue || jwt.ValidTo + ClockSkew <= now) return Refused("expired");
        if (jwt.ValidTo - now > MaxLifetime) return Refused("exp is more than an hour away");
        if (jwt.IssuedAt == DateTime.MinValue || jwt.IssuedAt - ClockSkew > now) return Refused("iat is missing or in the future");
        if (client.Tenant is { } tenant && (!jwt.TryGetPayloadValue<string>("tenant", out var claimed) || claimed != tenant)) return Refused("tenant does not match");
        if (!jwt.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti)) return Refused("no jti");
        if (!replay.TryUse(client.Issuer, jti, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero))) return Refused("jti already used");
        return new CdsCaller(client, null);
    }

    /// <summary>The client's keys with that kid: from the named jku, else the inline JWK Set, else each allowed jku.</summary>
    private async Task<IReadOnlyList<SecurityKey>> KeysAsync(CdsClient client, string? jku, string kid, CancellationToken cancellationToken)
    {
        IEnumerable<SecurityKey> candidates;
        if (jku is not null)
        {
            candidates = await jkuKeys.KeysAsync(jku, kid, cancellationToken);
        }
        else if (client.Jwks is not null)
        {
            candidates = client.InlineSigningKeys;
        }
        else
        {
            List<SecurityKey> all = [];
            foreach (var url in client.JkuUrls) all.AddRange(await jkuKeys.KeysAsync(url, kid, cancellationToken));
            candidates = all;
        }
        return [.. candidates.Where(k => k.KeyId == kid && k is not SymmetricSecurityKey)];
    }

    private static CdsCaller Refused(string why) => new(null, why);

    /// <summary>A value from the token, cut short and stripped of line breaks, for our log.</summary>
    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = value.Length > 80 ? value[..80] + "…" : value;
        return text.Replace('\n', ' ').Replace('\r', ' ');
    }
}
