using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.CdsHooks.Trust;

/// <summary>
/// A CDS client (an EHR) trusted to call: its JWT <c>iss</c>, and where its public keys are: an inline JWK Set, or
/// <c>jku</c> URLs it may name (keys are fetched from those only). <see cref="Tenant"/>, when set, must match the JWT's
/// <c>tenant</c> claim. <see cref="FhirServers"/> are FHIR bases this client's requests may name as <c>fhirServer</c>.
/// </summary>
public sealed record CdsClient
{
    public required string Issuer { get; init; }

    public JsonWebKeySet? Jwks
    {
        get;
        init
        {
            field = value;
            InlineSigningKeys = value is null ? [] : [.. value.GetSigningKeys()];
        }
    }

    /// <summary>
    /// The signing keys of <see cref="Jwks"/>, made once: each call to <see cref="JsonWebKeySet.GetSigningKeys"/> builds
    /// new key objects, and a new key object misses the signature-provider cache, so every token paid for a new verifier.
    /// </summary>
    public IReadOnlyList<SecurityKey> InlineSigningKeys { get; private init; } = [];

    public IReadOnlyList<string> JkuUrls { get; init; } = [];

    public string? Tenant { get; init; }

    public IReadOnlyList<string> FhirServers { get; init; } = [];
}

/// <summary>
/// The clients file: a JSON array of <c>{"iss": .., "jwks": {"keys": [..]}}</c> or <c>{"iss": .., "jku": [..]}</c>
/// entries, each optionally with <c>"tenant"</c> and <c>"fhirServers": [..]</c>.
/// </summary>
public static class CdsClientsFile
{
    /// <exception cref="InvalidDataException">The file is not such an array, or an entry is incomplete.</exception>
    public static IReadOnlyList<CdsClient> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"The CDS clients file {path} cannot be read: {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    /// <exception cref="InvalidDataException">The text is not such an array, or an entry is incomplete.</exception>
    public static IReadOnlyList<CdsClient> Parse(string json, string name = "CDS clients")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}: not JSON ({ex.Message})", ex);
        }
        if (root is not JsonArray entries) throw new InvalidDataException($"{name}: expected a JSON array of clients");
        List<CdsClient> clients = [];
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"{name}: entry {i + 1}";
            if (entries[i] is not JsonObject entry) throw new InvalidDataException($"{where} is not an object");
            var iss = Text(entry, "iss");
            if (string.IsNullOrWhiteSpace(iss)) throw new InvalidDataException($"{where} has no \"iss\"");
            JsonWebKeySet? jwks = null;
            if (entry["jwks"] is JsonObject set)
            {
                try
                {
                    jwks = new JsonWebKeySet(set.ToJsonString());
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidDataException($"{where} (iss {iss}): \"jwks\" is not a JWK Set ({ex.Message})", ex);
                }
                if (jwks.Keys.Count == 0) throw new InvalidDataException($"{where} (iss {iss}): \"jwks\" holds no keys");
            }
            var jku = Strings(entry, "jku", where);
            foreach (var url in jku)
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    throw new InvalidDataException($"{where} (iss {iss}): jku '{url}' is not an absolute http(s) URL");
            if (jwks is null && jku.Count == 0) throw new InvalidDataException($"{where} (iss {iss}) has neither \"jwks\" nor \"jku\"");
            clients.Add(new CdsClient
            {
                Issuer = iss,
                Jwks = jwks,
                JkuUrls = jku,
                Tenant = Text(entry, "tenant"),
                FhirServers = Strings(entry, "fhirServers", where),
            });
        }
        return clients;
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string> Strings(JsonObject node, string name, string where) => node[name] switch
    {
        null => [],
        JsonValue v when v.TryGetValue<string>(out var one) => [one],
        JsonArray array => [.. array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var s) ? s : throw new InvalidDataException($"{where}: \"{name}\" holds something other than strings"))],
        _ => throw new InvalidDataException($"{where}: \"{name}\" is not a string or an array of strings"),
    };
}
