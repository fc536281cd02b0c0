using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Launch;

/// <summary>
/// Our private keys for <c>private_key_jwt</c> (RS384 with RSA, ES384 with P-384): the PEM in the environment variable a
/// launch config names, or a key made at start (never stored, never committed). Their public halves are our JWK Set,
/// served at <c>/.well-known/jwks.json</c>; each <c>kid</c> is the key's RFC 7638 thumbprint, so it stays the same
/// for a configured key across restarts.
/// </summary>
public sealed class AppSigningKeys(Func<string, string?> environment) : IDisposable
{
    private readonly Lazy<RSA> _rsa = new(() => RSA.Create(2048));
    private readonly Lazy<ECDsa> _ec = new(() => ECDsa.Create(ECCurve.NamedCurves.nistP384));
    private readonly ConcurrentDictionary<string, AsymmetricAlgorithm> _configured = new(StringComparer.Ordinal);

    /// <summary>The key and algorithm to sign <paramref name="config"/>'s client assertions with; throws <see cref="LaunchFailure"/> for a bad PEM.</summary>
    public SigningCredentials For(LaunchConfig config)
    {
        var rsa = config.SigningAlgorithm == "RS384";
        var key = Configured(config) ?? (rsa ? _rsa.Value : _ec.Value);
        return key switch
        {
            RSA r when rsa => new SigningCredentials(new RsaSecurityKey(r) { KeyId = Thumbprint(r) }, SecurityAlgorithms.RsaSha384),
            ECDsa e when !rsa => new SigningCredentials(new ECDsaSecurityKey(e) { KeyId = Thumbprint(e) }, SecurityAlgorithms.EcdsaSha384),
            _ => throw Misconfigured(config, $"the key in {config.PrivateKeyEnvironmentVariable} is not {(rsa ? "an RSA" : "a P-384 EC")} key, as signingAlgorithm {config.SigningAlgorithm} needs"),
        };
    }

    /// <summary>The public JWK Set: the keys made at start and those of <paramref name="configs"/> found in the environment.</summary>
    public JsonObject Jwks(IEnumerable<LaunchConfig> configs)
    {
        List<AsymmetricAlgorithm> keys = [_rsa.Value, _ec.Value];
        foreach (var config in configs.Where(c => c.PrivateKeyEnvironmentVariable is not null))
        {
            try
            {
                if (Configured(config) is { } key && !keys.Contains(key)) keys.Add(key);
            }
            catch (LaunchFailure)
            {
                // A bad key is reported when a launch uses it; the other keys are still published.
            }
        }
        return new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)PublicJwk(k))]) };
    }

    private AsymmetricAlgorithm? Configured(LaunchConfig config)
    {
        if (config.PrivateKeyEnvironmentVariable is not { } variable || environment(variable) is not { Length: > 0 } pem) return null;
        return _configured.GetOrAdd(variable + "\n" + config.SigningAlgorithm, _ => Import(config, pem));
    }

    private static AsymmetricAlgorithm Import(LaunchConfig config, string pem)
    {
        AsymmetricAlgorithm key = config.SigningAlgorithm == "RS384" ? RSA.Create() : ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw Misconfigured(config, $"{config.PrivateKeyEnvironmentVariable} does not hold a PEM {(config.SigningAlgorithm == "RS384" ? "RSA" : "EC")} private key");
        }
        if (key is RSA rsa && rsa.KeySize < 2048) throw Misconfigured(config, $"the RSA key in {config.PrivateKeyEnvironmentVariable} is shorter than 2048 bits");
        if (key is ECDsa ec && ec.KeySize != 384) throw Misconfigured(config, $"the EC key in {config.PrivateKeyEnvironmentVariable} is not on P-384, as ES384 needs");
        return key;
    }

    private static LaunchFailure Misconfigured(LaunchConfig config, string why) =>
        new(LaunchStep.Configuration, "SmartReasoning is not fully configured for this EHR", $"Launch config '{config.Name}': {why}.", StatusCodes.Status500InternalServerError);

    private static JsonObject PublicJwk(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => RsaJwk(rsa),
        ECDsa ec => EcJwk(ec),
        _ => throw new NotSupportedException(key.GetType().Name),
    };

    private static JsonObject RsaJwk(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS384", ["kid"] = Thumbprint(rsa),
            ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
    }

    private static JsonObject EcJwk(ECDsa ec)
    {
        var p = ec.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = Thumbprint(ec), ["crv"] = "P-384",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
        };
    }

    /// <summary>RFC 7638: SHA-256 of the required members in lexicographic order, without spaces.</summary>
    private static string Thumbprint(AsymmetricAlgorithm key)
    {
        string canonical;
        if (key is RSA rsa)
        {
            var p = rsa.ExportParameters(false);
            canonical = $"{{\"e\":\"{Base64UrlEncoder.Encode(p.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoder.Encode(p.Modulus)}\"}}";
        }
        else
        {
            var p = ((ECDsa)key).ExportParameters(false);
            canonical = $"{{\"crv\":\"P-384\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y)}\"}}";
        }
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public void Dispose()
    {
        if (_rsa.IsValueCreated) _rsa.Value.Dispose();
        if (_ec.IsValueCreated) _ec.Value.Dispose();
        foreach (var key in _configured.Values) key.Dispose();
    }
}
