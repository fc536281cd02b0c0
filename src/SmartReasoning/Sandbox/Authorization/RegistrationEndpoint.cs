using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Dynamic client registration (RFC 7591), open to anyone who can reach the sandbox, so that any app or test can
/// register itself: redirect URIs, the token endpoint authentication method, keys (inline or by URL) and scope.
/// </summary>
internal sealed class RegistrationEndpoint(ClientRegistry clients, TimeProvider clock)
{
    private const int MaxBodyBytes = 256 * 1024;

    public async Task<IResult> Register(HttpContext http)
    {
        JsonObject? metadata;
        try
        {
            if (http.Request.ContentLength > MaxBodyBytes) return Invalid("invalid_client_metadata", "the registration request is too large");
            metadata = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Invalid("invalid_client_metadata", $"the body is not JSON: {ex.Message}");
        }
        if (metadata is null) return Invalid("invalid_client_metadata", "the body must be a JSON object of client metadata");

        var method = String(metadata, "token_endpoint_auth_method") ?? "client_secret_basic"; // RFC 7591's default
        ClientAuthenticationMethod? authentication = method switch
        {
            "none" => ClientAuthenticationMethod.None,
            "client_secret_basic" => ClientAuthenticationMethod.ClientSecretBasic,
            "private_key_jwt" => ClientAuthenticationMethod.PrivateKeyJwt,
            _ => null,
        };
        if (authentication is null) return Invalid("invalid_client_metadata", $"token_endpoint_auth_method '{method}' is not supported; use none, client_secret_basic or private_key_jwt");

        var grantTypes = Strings(metadata, "grant_types") ?? ["authorization_code"];
        var redirectUris = Strings(metadata, "redirect_uris") ?? [];
        if (grantTypes.Contains("authorization_code") && redirectUris.Count == 0)
            return Invalid("invalid_redirect_uri", "redirect_uris is required for the authorization_code grant");
        if (redirectUris.FirstOrDefault(u => !IsAllowedRedirect(u)) is { } bad)
            return Invalid("invalid_redirect_uri", $"'{bad}' is not an absolute https URL or an http URL on loopback, or it has a fragment");
        if (grantTypes.Contains("client_credentials") && authentication != ClientAuthenticationMethod.PrivateKeyJwt)
            return Invalid("invalid_client_metadata", "client_credentials needs token_endpoint_auth_method private_key_jwt");

        JsonWebKeySet? jwks = null;
        var jwksUri = String(metadata, "jwks_uri");
        if (metadata["jwks"] is JsonObject inline)
        {
            try
            {
                jwks = new JsonWebKeySet(inline.ToJsonString());
            }
            catch (ArgumentException ex)
            {
                return Invalid("invalid_client_metadata", $"jwks is not a JWK Set: {ex.Message}");
            }
            if (jwks.Keys.Any(k => k.HasPrivateKey)) return Invalid("invalid_client_metadata", "jwks must hold public keys only");
        }
        if (authentication == ClientAuthenticationMethod.PrivateKeyJwt && (jwks is null) == (jwksUri is null))
            return Invalid("invalid_client_metadata", "private_key_jwt needs exactly one of jwks and jwks_uri");
        if (jwksUri is not null && !Uri.TryCreate(jwksUri, UriKind.Absolute, out _)) return Invalid("invalid_client_metadata", "jwks_uri is not an absolute URL");

        var client = new SmartClient
        {
            ClientId = "dyn-" + RandomId.New()[..22],
            Name = String(metadata, "client_name"),
            RedirectUris = redirectUris,
            AuthenticationMethod = authentication.Value,
            Secret = authentication == ClientAuthenticationMethod.ClientSecretBasic ? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)) : null,
            Jwks = jwks,
            JwksUri = jwksUri,
            Scope = String(metadata, "scope") ?? SmartClient.DefaultScope,
        };
        clients.Register(client);

        var response = metadata.DeepClone().AsObject();
        response["client_id"] = client.ClientId;
        response["client_id_issued_at"] = clock.GetUtcNow().ToUnixTimeSeconds();
        response["token_endpoint_auth_method"] = method;
        response["grant_types"] = new JsonArray([.. grantTypes.Select(g => (JsonNode)g)]);
        response["scope"] = client.Scope;
        if (client.Secret is not null)
        {
            response["client_secret"] = client.Secret;
            response["client_secret_expires_at"] = 0;
        }
        return TokenResponse.NoStore(response, StatusCodes.Status201Created);
    }

    private static bool IsAllowedRedirect(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Fragment.Length == 0
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback));

    private static string? String(JsonObject metadata, string name) =>
        metadata[name] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static List<string>? Strings(JsonObject metadata, string name) =>
        metadata[name] is JsonArray array ? [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)] : null;

    private static IResult Invalid(string error, string description) =>
        TokenResponse.NoStore(new JsonObject { ["error"] = error, ["error_description"] = description }, StatusCodes.Status400BadRequest);
}
