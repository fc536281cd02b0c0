using System.Security.Cryptography;
using System.Text;

namespace SmartReasoning.Deidentify;

/// <summary>HMAC-SHA256 under a secret key: stable for the same key and input, unguessable without the key.</summary>
internal sealed class KeyedHash(byte[] key)
{
    // One HMAC kept and reset, not one made per call: with OpenSSL 3 making one costs tens of microseconds, and a
    // 5,000-resource record hashes thousands of ids. IncrementalHash is not thread-safe, hence the lock.
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private readonly Lock _lock = new();

    /// <summary>The first <paramref name="hexLength"/> lower-case hex digits of the HMAC of the text.</summary>
    public string Hex(string text, int hexLength = 64)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(text, mac);
        return Convert.ToHexStringLower(mac)[..Math.Min(hexLength, 64)];
    }

    public byte[] Bytes(string text)
    {
        var mac = new byte[32];
        Compute(text, mac);
        return mac;
    }

    private void Compute(string text, Span<byte> mac)
    {
        var data = Encoding.UTF8.GetBytes(text);
        lock (_lock)
        {
            _hmac.AppendData(data);
            _hmac.GetHashAndReset(mac);
        }
    }

    public static byte[] KeyOf(string? configured, byte[] fallback) =>
        configured is null ? fallback : SHA256.HashData(Encoding.UTF8.GetBytes(configured));
}
