using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// The sandbox EHR's own signing keys, made fresh at every start (no key is ever stored or committed): RSA for access
/// tokens and id_tokens (RS256), P-384 for the CDS Hooks client's JWTs (ES384). Both are published at <c>/.well-known/jwks.json</c>.
/// </summary>
public sealed class SigningKeys : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public SigningKeys()
    {
        Rsa = new RsaSecurityKey(_rsa) { KeyId = "sandbox-rs256-" + Guid.NewGuid().ToString("N")[..8] };
        EcP384 = new ECDsaSecurityKey(_ec) { KeyId = "sandbox-es384-" + Guid.NewGuid().ToString("N")[..8] };
    }

    /// <summary>Signs access tokens and id_tokens.</summary>
    public RsaSecurityKey Rsa { get; }

    /// <summary>Signs the CDS Hooks client's JWTs.</summary>
    public ECDsaSecurityKey EcP384 { get; }

    public SigningCredentials RsaCredentials => new(Rsa, SecurityAlgorithms.RsaSha256);

    public SigningCredentials EcCredentials => new(EcP384, SecurityAlgorithms.EcdsaSha384);

    /// <summary>The public halves as a JWK Set.</summary>
    public JsonObject Jwks()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = Rsa.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(rsa.Modulus), ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
                },
                new JsonObject
                {
                    ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = EcP384.KeyId, ["crv"] = "P-384",
                    ["x"] = Base64UrlEncoder.Encode(ec.Q.X), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y),
                }),
        };
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }
}
