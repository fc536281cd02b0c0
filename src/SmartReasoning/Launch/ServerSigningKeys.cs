using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Launch;

/// <summary>
/// An EHR's public keys from its <c>jwks_uri</c>, kept for an hour; fetched again at once when a token names a key
/// we do not have (the EHR rotated its keys), but not more than once a minute.
/// </summary>
public sealed class ServerSigningKeys(HttpClient http, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset Fetched)> _cache = new(StringComparer.Ordinal);

    /// <summary>The keys at <paramref name="jwksUri"/>; with <paramref name="kid"/> unknown, a fresh copy. Throws <see cref="LaunchFailure"/> when none can be had.</summary>
    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(string jwksUri, string? kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(jwksUri, out var cached) && cached.Fetched + KeepFor > now
            && (kid is null || cached.Keys.Any(k => k.KeyId == kid) || cached.Fetched + RefetchAfter > now))
            return cached.Keys;
        try
        {
            using var response = await http.GetAsync(jwksUri, cancellationToken);
            if (!response.IsSuccessStatusCode) throw Unavailable($"its jwks_uri answered {(int)response.StatusCode}");
            IReadOnlyList<SecurityKey> keys = [.. new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken)).GetSigningKeys()];
            _cache[jwksUri] = (keys, now);
            return keys;
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable($"its jwks_uri could not be reached: {LaunchFailure.Quote(ex.Message, 160)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("its jwks_uri did not answer in time");
        }
        catch (ArgumentException)
        {
            throw Unavailable("its jwks_uri does not hold a JWK Set");
        }
    }

    private static LaunchFailure Unavailable(string why) =>
        new(LaunchStep.IdToken, "The EHR's identity token cannot be checked", $"The EHR's signing keys are not available: {why}.");
}
