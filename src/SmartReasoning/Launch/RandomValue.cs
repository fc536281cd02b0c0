using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Launch;

/// <summary>Unguessable values (state, nonce, PKCE verifier, session ids, jti): 256 bits from the system CSPRNG, base64url.</summary>
internal static class RandomValue
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>A PKCE pair (RFC 7636, S256): the verifier stays on our server, its SHA-256 goes in the authorize request.</summary>
public sealed class PkceChallenge
{
    private PkceChallenge(string verifier)
    {
        Verifier = verifier;
        Challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>43 characters of the unreserved alphabet (256 random bits).</summary>
    public string Verifier { get; }

    public string Challenge { get; }

    public const string Method = "S256";

    public static PkceChallenge New() => new(RandomValue.New());

    public override string ToString() => "PKCE S256";
}
