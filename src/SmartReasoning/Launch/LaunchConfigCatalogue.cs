using System.Text.Json;

namespace SmartReasoning.Launch;

/// <summary>
/// The launch configurations read at start from a folder (<c>launch-configs/</c>), each checked: a launch or a
/// <c>fhirServer</c> whose FHIR base is not here is refused before anything is sent to it.
/// </summary>
public sealed class LaunchConfigCatalogue
{
    private readonly Dictionary<string, LaunchConfig> _byIssuer = new(StringComparer.Ordinal);

    public LaunchConfigCatalogue(IEnumerable<LaunchConfig> configs)
    {
        foreach (var config in configs)
            if (!_byIssuer.TryAdd(NormalIssuer(config.Issuer), config))
                throw new InvalidDataException($"launch configs '{_byIssuer[NormalIssuer(config.Issuer)].Name}' and '{config.Name}' name the same issuer {config.Issuer}");
    }

    public IReadOnlyCollection<LaunchConfig> All => _byIssuer.Values;

    /// <summary>The config whose issuer is exactly <paramref name="iss"/> (a trailing slash aside), or null.</summary>
    public LaunchConfig? FindByIssuer(string? iss) => iss is not null && _byIssuer.TryGetValue(NormalIssuer(iss), out var config) ? config : null;

    public LaunchConfig? FindByName(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>Reads every <c>*.json</c> of <paramref name="folder"/> except the schema; throws <see cref="InvalidDataException"/> naming the file and the fault.</summary>
    public static LaunchConfigCatalogue Load(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(Read));

    /// <summary>Reads and checks one file.</summary>
    public static LaunchConfig Read(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return Parse(name, doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not JSON: {ex.Message}", ex);
        }
        catch (LaunchConfigException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>A config from its JSON; the same rules as <c>launch-configs/launch-config.schema.json</c>.</summary>
    public static LaunchConfig Parse(string name, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new LaunchConfigException("a launch config is a JSON object");
        string[] known = ["$schema", "description", "issuer", "clientId", "clientType", "scope", "redirectUri", "clientSecretEnvironmentVariable",
            "privateKeyEnvironmentVariable", "signingAlgorithm", "localSandbox", "quirks"];
        if (json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new LaunchConfigException($"unknown property '{unknown}'");
        var clientType = Required(json, "clientType") switch
        {
            "public" => LaunchClientType.Public,
            "confidential-symmetric" => LaunchClientType.ConfidentialSymmetric,
            "confidential-asymmetric" => LaunchClientType.ConfidentialAsymmetric,
            var other => throw new LaunchConfigException($"clientType '{other}' is not public, confidential-symmetric or confidential-asymmetric"),
        };
        var config = new LaunchConfig
        {
            Name = name,
            Description = Optional(json, "description"),
            Issuer = AbsoluteUrl(json, "issuer"),
            ClientId = Required(json, "clientId"),
            ClientType = clientType,
            Scope = Required(json, "scope"),
            RedirectUri = AbsoluteUrl(json, "redirectUri"),
            ClientSecretEnvironmentVariable = Optional(json, "clientSecretEnvironmentVariable"),
            PrivateKeyEnvironmentVariable = Optional(json, "privateKeyEnvironmentVariable"),
            SigningAlgorithm = Optional(json, "signingAlgorithm") ?? "ES384",
            LocalSandbox = json.TryGetProperty("localSandbox", out var local) && local.ValueKind == JsonValueKind.True,
            Quirks = json.TryGetProperty("quirks", out var quirks) ? ParseQuirks(quirks) : new LaunchQuirks(),
        };
        if (config.SigningAlgorithm is not ("RS384" or "ES384")) throw new LaunchConfigException($"signingAlgorithm '{config.SigningAlgorithm}' is not RS384 or ES384");
        if (clientType == LaunchClientType.ConfidentialSymmetric && config.ClientSecretEnvironmentVariable is null && !config.LocalSandbox)
            throw new LaunchConfigException("a confidential-symmetric client needs clientSecretEnvironmentVariable (the secret never goes in the file)");
        return config;
    }

    private static LaunchQuirks ParseQuirks(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new LaunchConfigException("quirks is a JSON object");
        string[] known = ["pkceNotAdvertised", "opaqueAccessTokens", "refreshNeedsOfflineOrOnlineAccess", "capabilityStatementDiscoveryOnly", "scopesV1", "notes"];
        if (json.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new LaunchConfigException($"unknown quirk '{unknown}'");
        return new LaunchQuirks
        {
            PkceNotAdvertised = Flag(json, "pkceNotAdvertised"),
            OpaqueAccessTokens = Flag(json, "opaqueAccessTokens"),
            RefreshNeedsOfflineOrOnlineAccess = Flag(json, "refreshNeedsOfflineOrOnlineAccess"),
            CapabilityStatementDiscoveryOnly = Flag(json, "capabilityStatementDiscoveryOnly"),
            ScopesV1 = Flag(json, "scopesV1"),
            Notes = Optional(json, "notes"),
        };
    }

    private static bool Flag(JsonElement json, string name) => json.TryGetProperty(name, out var value) switch
    {
        false => false,
        true when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
        _ => throw new LaunchConfigException($"{name} must be true or false"),
    };

    private static string Required(JsonElement json, string name) =>
        Optional(json, name) ?? throw new LaunchConfigException($"{name} is required");

    private static string? Optional(JsonElement json, string name) => json.TryGetProperty(name, out var value) switch
    {
        false => null,
        true when value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s => s,
        true when value.ValueKind == JsonValueKind.Null => null,
        _ => throw new LaunchConfigException($"{name} must be a non-empty string"),
    };

    private static string AbsoluteUrl(JsonElement json, string name)
    {
        var value = Required(json, name);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            throw new LaunchConfigException($"{name} must be an absolute https URL (http only on loopback), not '{value}'");
        return value;
    }

    private static string NormalIssuer(string iss) => iss.TrimEnd('/');
}

/// <summary>A launch config that breaks a rule of the schema.</summary>
public sealed class LaunchConfigException(string message) : Exception(message);
