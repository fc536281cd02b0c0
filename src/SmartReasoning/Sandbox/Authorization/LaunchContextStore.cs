using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Launch contexts the chart page created, under opaque random <c>launch</c> ids. A launch id may be used more than
/// once within its lifetime (an app may retry its authorize request) but no longer.
/// </summary>
public sealed class LaunchContextStore(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (LaunchContext Context, DateTimeOffset Expires)> _launches = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="context"/> and returns the opaque launch id to send the app.</summary>
    public string Create(LaunchContext context)
    {
        var id = RandomId.New();
        _launches[id] = (context, clock.GetUtcNow() + Lifetime);
        foreach (var stale in _launches.Where(l => l.Value.Expires < clock.GetUtcNow()).Select(l => l.Key).ToList()) _launches.TryRemove(stale, out _);
        return id;
    }

    /// <summary>The context of a launch id that exists and has not expired.</summary>
    public LaunchContext? Find(string launch) =>
        _launches.TryGetValue(launch, out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Context : null;
}

/// <summary>Unguessable identifiers for codes, launches and refresh tokens: 256 bits from the system CSPRNG.</summary>
internal static class RandomId
{
    public static string New() => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
