using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Launch;

/// <summary>
/// A <c>private_key_jwt</c> client assertion (SMART App Launch 2.2 §5.2.1, RFC 7523): <c>iss</c> = <c>sub</c> = our
/// client id, <c>aud</c> = the token endpoint, <c>exp</c> under five minutes ahead, a new <c>jti</c> every time
/// (a server refuses a <c>jti</c> it has seen, so every exchange and refresh gets a fresh one).
/// </summary>
public static class ClientAssertion
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Below SMART's five-minute ceiling, with room for clocks that disagree a little.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(4);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Create(string clientId, string tokenEndpoint, SigningCredentials credentials, DateTimeOffset now) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint,
            Expires = (now + Lifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = clientId,
                [JwtRegisteredClaimNames.Jti] = RandomValue.New(),
            },
            SigningCredentials = credentials,
            TokenType = "JWT",
        });
}
