using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Launch;

/// <summary>
/// Checks an OpenID Connect id_token before its <c>fhirUser</c> is believed: signature by a key of the EHR's
/// <c>jwks_uri</c> (asymmetric algorithms only), <c>iss</c> = the server's issuer, <c>aud</c> = our client id
/// (<c>azp</c> too when there are several audiences), <c>exp</c> and <c>iat</c> against our clock with a small
/// allowance, and <c>nonce</c> = the one we sent.
/// </summary>
public sealed class IdTokenValidator(ServerSigningKeys serverKeys, TimeProvider clock)
{
    /// <summary>How far the EHR's clock and ours may disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The token's <c>fhirUser</c> claim (null when it has none); throws <see cref="LaunchFailure"/> (IdToken) when the token is not to be trusted.</summary>
    public async Task<string?> ValidateAsync(string idToken, SmartServerConfiguration server, string clientId, string? nonce, CancellationToken cancellationToken)
    {
        if (server.JwksUri is null) throw Refused("the EHR publishes no jwks_uri, so its signature cannot be checked");
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            throw Refused("it is not a JWT");
        }
        var keys = await serverKeys.KeysAsync(server.JwksUri, jwt.Kid is { Length: > 0 } kid ? kid : null, cancellationToken);
        var expectedIssuer = server.Issuer ?? server.FhirBase;
        var result = await _handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = Algorithms,
            ValidIssuer = expectedIssuer,
            ValidAudience = clientId,
            ValidateLifetime = false, // checked below against our clock (TimeProvider), with the stated allowance
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
            throw Refused(result.Exception switch
            {
                SecurityTokenInvalidAudienceException => $"its aud is not our client id ({clientId})",
                SecurityTokenInvalidIssuerException => $"its iss is not the EHR's issuer ({expectedIssuer})",
                SecurityTokenInvalidAlgorithmException => $"it is signed with '{LaunchFailure.Quote(jwt.Alg, 20)}', which is not accepted",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify with the EHR's published keys",
                _ => "it does not verify",
            });

        var now = clock.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo + ClockSkew <= now)
            throw Refused($"it expired at {jwt.ValidTo:u} and it is now {now:u} here; if the EHR's clock and ours disagree, correct the clocks");
        if (jwt.IssuedAt != DateTime.MinValue && jwt.IssuedAt - ClockSkew > now)
            throw Refused($"it was issued at {jwt.IssuedAt:u}, in the future by our clock ({now:u}): the EHR's clock and ours disagree");
        if (jwt.Audiences.Count() > 1 && (!jwt.TryGetPayloadValue<string>("azp", out var azp) || azp != clientId))
            throw Refused("it names several audiences but its azp is not our client id");
        if (nonce is not null && (!jwt.TryGetPayloadValue<string>("nonce", out var sent) || sent != nonce))
            throw Refused("its nonce is not the one this sign-in sent");
        return jwt.TryGetPayloadValue<string>("fhirUser", out var fhirUser) ? fhirUser : null;
    }

    private static LaunchFailure Refused(string why) =>
        new(LaunchStep.IdToken, "The EHR's identity token was refused", $"The id_token cannot be trusted: {why}.");
}
