using System.Collections.Concurrent;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Refresh tokens: opaque, kept server-side, bound to their client, and rotated: each use returns a new one and the
/// old one stops working.
/// </summary>
public sealed class RefreshTokens(TimeProvider clock)
{
    /// <summary>How long an <c>offline_access</c> refresh token lives.</summary>
    public static readonly TimeSpan OfflineLifetime = TimeSpan.FromDays(30);

    /// <summary>How long an <c>online_access</c> one lives: the length of a clinician's session.</summary>
    public static readonly TimeSpan OnlineLifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, RefreshGrant> _tokens = new(StringComparer.Ordinal);

    public string Issue(RefreshGrant grant)
    {
        var token = RandomId.New();
        _tokens[token] = grant;
        return token;
    }

    /// <summary>Takes a refresh token for one use; null when it is unknown or was already used.</summary>
    public RefreshGrant? Redeem(string token) => _tokens.TryRemove(token, out var grant) ? grant : null;

    /// <summary>Looks at a refresh token without using it (introspection).</summary>
    public RefreshGrant? Find(string token) => _tokens.TryGetValue(token, out var grant) && !IsExpired(grant) ? grant : null;

    public bool IsExpired(RefreshGrant grant) =>
        grant.ExpiresAt <= clock.GetUtcNow() || grant.Context.SimulatedError == SimulatedError.ExpiredRefreshToken;
}

/// <summary>What a refresh token may buy again: the same client, at most the same scopes, the same context.</summary>
public sealed record RefreshGrant(string ClientId, string Scope, LaunchContext Context, DateTimeOffset ExpiresAt);
