using System.Security.Cryptography;
using System.Text;

namespace SmartReasoning.Deidentify;

/// <summary>HMAC-SHA256 under a secret key: stable for the same key and input, unguessable without the key.</summary>
internal sealed class KeyedHash(byte[] key)
{
    /// <summary>The first <paramref name="hexLength"/> lower-case hex digits of the HMAC of the text.</summary>
    public string Hex(string text, int hexLength = 64)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(mac)[..Math.Min(hexLength, 64)];
    }

    public byte[] Bytes(string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    public static byte[] KeyOf(string? configured, byte[] fallback) =>
        configured is null ? fallback : SHA256.HashData(Encoding.UTF8.GetBytes(configured));
}
