using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.CdsHooks.Trust;

/// <summary>
/// Public keys fetched from a client's allowed <c>jku</c> URLs (the caller checks the allow-list first), kept an hour and
/// fetched again when a token names a <c>kid</c> not among them (keys rotate), at most once a minute per URL.
/// </summary>
public sealed class JkuKeyCache(HttpClient http, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset Fetched)> _cache = new(StringComparer.Ordinal);

    /// <summary>The keys at <paramref name="jku"/> (fresh when <paramref name="kid"/> is unknown); empty when they cannot be had.</summary>
    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(string jku, string kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(jku, out var cached) && cached.Fetched + KeepFor > now
            && (cached.Keys.Any(k => k.KeyId == kid) || cached.Fetched + RefetchAfter > now))
            return cached.Keys;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        try
        {
            using var response = await http.GetAsync(new Uri(jku), timeout.Token);
            if (!response.IsSuccessStatusCode) return cached.Keys ?? [];
            IReadOnlyList<SecurityKey> keys = [.. new JsonWebKeySet(await response.Content.ReadAsStringAsync(timeout.Token)).GetSigningKeys()];
            _cache[jku] = (keys, now);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return cached.Keys ?? [];
        }
    }
}
