using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Client metadata in RFC 7591's vocabulary (<c>redirect_uris</c>, <c>token_endpoint_auth_method</c>, <c>grant_types</c>,
/// <c>jwks</c> or <c>jwks_uri</c>, <c>scope</c>, <c>client_name</c>), read into a <see cref="SmartClient"/>: for dynamic
/// registration and for the clients file given at start (which may also fix <c>client_id</c> and <c>client_secret</c>).
/// </summary>
public static class ClientMetadata
{
    /// <summary>The client, or the RFC 7591 error code and a description of what is wrong.</summary>
    public static (SmartClient? Client, string? Error, string? Description) Read(JsonObject metadata, string clientId, string? secret = null)
    {
        var method = String(metadata, "token_endpoint_auth_method") ?? "client_secret_basic"; // RFC 7591's default
        ClientAuthenticationMethod? authentication = method switch
        {
            "none" => ClientAuthenticationMethod.None,
            "client_secret_basic" => ClientAuthenticationMethod.ClientSecretBasic,
            "private_key_jwt" => ClientAuthenticationMethod.PrivateKeyJwt,
            _ => null,
        };
        if (authentication is null) return Fail("invalid_client_metadata", $"token_endpoint_auth_method '{method}' is not supported; use none, client_secret_basic or private_key_jwt");

        var grantTypes = Strings(metadata, "grant_types") ?? ["authorization_code"];
        var redirectUris = Strings(metadata, "redirect_uris") ?? [];
        if (grantTypes.Contains("authorization_code") && redirectUris.Count == 0)
            return Fail("invalid_redirect_uri", "redirect_uris is required for the authorization_code grant");
        if (redirectUris.FirstOrDefault(u => !IsAllowedRedirect(u)) is { } bad)
            return Fail("invalid_redirect_uri", $"'{bad}' is not an absolute https URL or an http URL on loopback, or it has a fragment");
        if (grantTypes.Contains("client_credentials") && authentication != ClientAuthenticationMethod.PrivateKeyJwt)
            return Fail("invalid_client_metadata", "client_credentials needs token_endpoint_auth_method private_key_jwt");

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
                return Fail("invalid_client_metadata", $"jwks is not a JWK Set: {ex.Message}");
            }
            if (jwks.Keys.Any(k => k.HasPrivateKey)) return Fail("invalid_client_metadata", "jwks must hold public keys only");
        }
        if (authentication == ClientAuthenticationMethod.PrivateKeyJwt && (jwks is null) == (jwksUri is null))
            return Fail("invalid_client_metadata", "private_key_jwt needs exactly one of jwks and jwks_uri");
        if (jwksUri is not null && !Uri.TryCreate(jwksUri, UriKind.Absolute, out _)) return Fail("invalid_client_metadata", "jwks_uri is not an absolute URL");

        var client = new SmartClient
        {
            ClientId = clientId,
            Name = String(metadata, "client_name"),
            RedirectUris = redirectUris,
            AuthenticationMethod = authentication.Value,
            Secret = authentication == ClientAuthenticationMethod.ClientSecretBasic ? secret ?? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)) : null,
            Jwks = jwks,
            JwksUri = jwksUri,
            Scope = String(metadata, "scope") ?? SmartClient.DefaultScope,
        };
        return (client, null, null);
    }

    /// <summary>
    /// The clients of a configuration file: a JSON array of metadata objects, each with its <c>client_id</c> (and the
    /// <c>client_secret</c> of a client_secret_basic client). Throws <see cref="InvalidDataException"/> naming the bad entry.
    /// </summary>
    public static IReadOnlyList<SmartClient> ReadFile(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{path}: not JSON: {ex.Message}", ex);
        }
        if (root is not JsonArray entries) throw new InvalidDataException($"{path}: expected a JSON array of client metadata objects");
        List<SmartClient> clients = [];
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            if (entry is not JsonObject metadata || String(metadata, "client_id") is not { } clientId)
                throw new InvalidDataException($"{path}: entry {index} needs a client_id");
            var (client, error, description) = Read(metadata, clientId, String(metadata, "client_secret"));
            if (client is null) throw new InvalidDataException($"{path}: client '{clientId}': {error}: {description}");
            if (client.AuthenticationMethod == ClientAuthenticationMethod.ClientSecretBasic && String(metadata, "client_secret") is null)
                throw new InvalidDataException($"{path}: client '{clientId}' uses client_secret_basic and needs a client_secret");
            clients.Add(client);
        }
        return clients;
    }

    public static string MethodName(ClientAuthenticationMethod method) => method switch
    {
        ClientAuthenticationMethod.None => "none",
        ClientAuthenticationMethod.ClientSecretBasic => "client_secret_basic",
        _ => "private_key_jwt",
    };

    private static (SmartClient?, string?, string?) Fail(string error, string description) => (null, error, description);

    private static bool IsAllowedRedirect(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Fragment.Length == 0
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback));

    private static string? String(JsonObject metadata, string name) =>
        metadata[name] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static List<string>? Strings(JsonObject metadata, string name) =>
        metadata[name] is JsonArray array ? [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)] : null;
}
