using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Decides which registered client is calling the token or introspection endpoint: a public client by its
/// <c>client_id</c>; a confidential symmetric one by HTTP Basic; an asymmetric one by a <c>private_key_jwt</c>
/// assertion (RS384 or ES384, <c>iss</c> = <c>sub</c> = client, <c>aud</c> = the token endpoint, <c>exp</c> at most five
/// minutes ahead, <c>jti</c> never seen before). A confidential client that sends no proof is refused.
/// </summary>
public sealed class ClientAuthenticator(ClientRegistry clients, ClientKeySource keySource, TimeProvider clock)
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seenAssertions = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The authenticated client, or the error to answer; <paramref name="audience"/> is the endpoint URL the client called.</summary>
    public async Task<(SmartClient? Client, OAuthError? Error)> AuthenticateAsync(HttpRequest request, IFormCollection form, string audience)
    {
        var formClientId = form["client_id"].ToString() is { Length: > 0 } id ? id : null;
        if (request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return Basic(header["Basic ".Length..].Trim(), formClientId);
        if (form["client_assertion"].ToString() is { Length: > 0 } assertion)
        {
            if (form["client_assertion_type"] != JwtBearerAssertionType)
                return Fail(OAuthError.InvalidClient($"client_assertion_type must be {JwtBearerAssertionType}"));
            return await AssertionAsync(assertion, formClientId, audience);
        }
        if (form.ContainsKey("client_secret"))
            return Fail(OAuthError.InvalidClient("client_secret in the body is not supported; use HTTP Basic (client_secret_basic)"));
        var client = clients.Find(formClientId);
        if (client is null) return Fail(OAuthError.InvalidClient(formClientId is null ? "no client_id and no client authentication" : "unknown client_id"));
        return client.AuthenticationMethod switch
        {
            ClientAuthenticationMethod.None => (client, null),
            ClientAuthenticationMethod.PrivateKeyJwt => Fail(OAuthError.InvalidClient("this client is registered for private_key_jwt: send a client_assertion")),
            _ => Fail(OAuthError.InvalidClient("this client is confidential: authenticate with HTTP Basic")),
        };
    }

    private (SmartClient?, OAuthError?) Basic(string encoded, string? formClientId)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return Fail(OAuthError.InvalidClient("the Basic credentials are not base64"));
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Fail(OAuthError.InvalidClient("the Basic credentials have no ':'"));
        // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
        var clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        var client = clients.Find(clientId);
        if (client is null || client.AuthenticationMethod != ClientAuthenticationMethod.ClientSecretBasic || client.Secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret)))
            return Fail(OAuthError.InvalidClient("client authentication failed"));
        if (formClientId is not null && formClientId != clientId) return Fail(OAuthError.InvalidClient("client_id does not match the Basic credentials"));
        return (client, null);
    }

    private async Task<(SmartClient?, OAuthError?)> AssertionAsync(string assertion, string? formClientId, string audience)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return Fail(OAuthError.InvalidClient("client_assertion is not a JWT"));
        }
        if (!SmartConfiguration.ClientAssertionAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
            return Fail(OAuthError.InvalidClient($"client_assertion alg '{jwt.Alg}' is not accepted; use {string.Join(" or ", SmartConfiguration.ClientAssertionAlgorithms)}"));
        var clientId = jwt.Issuer;
        var client = clients.Find(clientId);
        if (client is null || client.AuthenticationMethod != ClientAuthenticationMethod.PrivateKeyJwt)
            return Fail(OAuthError.InvalidClient("the assertion's iss is not a client registered for private_key_jwt"));
        if (jwt.Subject != clientId) return Fail(OAuthError.InvalidClient("the assertion's sub must equal its iss (the client_id)"));
        if (formClientId is not null && formClientId != clientId) return Fail(OAuthError.InvalidClient("client_id does not match the assertion"));

        var keys = await keySource.KeysAsync(client);
        if (keys.Count == 0) return Fail(OAuthError.InvalidClient("no public key of this client could be found (jwks or jwks_uri)"));
        var result = await _handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = SmartConfiguration.ClientAssertionAlgorithms,
            ValidIssuer = clientId,
            ValidAudience = audience,
            ValidateLifetime = false, // checked below with the sandbox's clock and SMART's five-minute bound
            RequireExpirationTime = true,
            TryAllIssuerSigningKeys = true,
        });
        if (!result.IsValid)
            return Fail(OAuthError.InvalidClient(result.Exception is SecurityTokenInvalidAudienceException
                ? $"the assertion's aud must be the token endpoint, {audience}"
                : "the assertion's signature does not verify with the client's registered keys"));

        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires <= now) return Fail(OAuthError.InvalidClient("the assertion has expired"));
        if (expires > now + MaxAssertionLifetime + Skew) return Fail(OAuthError.InvalidClient("the assertion's exp is more than five minutes ahead"));
        if (string.IsNullOrEmpty(jwt.Id)) return Fail(OAuthError.InvalidClient("the assertion has no jti"));
        foreach (var stale in _seenAssertions.Where(s => s.Value < now).Select(s => s.Key).ToList()) _seenAssertions.TryRemove(stale, out _);
        if (!_seenAssertions.TryAdd($"{clientId} {jwt.Id}", expires)) return Fail(OAuthError.InvalidClient("the assertion's jti was already used"));
        return (client, null);
    }

    private static (SmartClient?, OAuthError?) Fail(OAuthError error) => (null, error);
}

/// <summary>An asymmetric client's public keys: inline JWKS, or fetched from its <c>jwks_uri</c> and kept for five minutes.</summary>
public sealed class ClientKeySource(HttpClient http, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset Until)> _fetched = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(SmartClient client)
    {
        if (client.Jwks is not null) return [.. client.Jwks.GetSigningKeys()];
        if (client.JwksUri is null) return [];
        if (_fetched.TryGetValue(client.JwksUri, out var cached) && cached.Until > clock.GetUtcNow()) return cached.Keys;
        try
        {
            var json = await http.GetStringAsync(new Uri(client.JwksUri));
            IReadOnlyList<SecurityKey> keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
            _fetched[client.JwksUri] = (keys, clock.GetUtcNow() + CacheFor);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or UriFormatException)
        {
            return [];
        }
    }
}
