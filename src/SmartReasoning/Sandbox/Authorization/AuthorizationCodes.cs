using System.Collections.Concurrent;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Authorization codes: short-lived, single-use, bound to the client, the redirect URI and the PKCE challenge. A code
/// presented a second time is refused and the tokens it already bought are revoked (OAuth 2.0 Security BCP).
/// </summary>
public sealed class AuthorizationCodes(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, CodeEntry> _codes = new(StringComparer.Ordinal);

    public string Issue(AuthorizationGrant grant)
    {
        var code = RandomId.New();
        var now = clock.GetUtcNow();
        foreach (var stale in _codes.Where(c => c.Value.ExpiresAt + Lifetime < now).Select(c => c.Key).ToList()) _codes.TryRemove(stale, out _);
        _codes[code] = new CodeEntry(grant, now + Lifetime);
        return code;
    }

    /// <summary>Takes a code for exchange; only the first call for a code gets <see cref="CodeRedemption.Status"/> Valid or Expired.</summary>
    public CodeRedemption Redeem(string code)
    {
        if (!_codes.TryGetValue(code, out var entry)) return new CodeRedemption(CodeStatus.Unknown, null, []);
        lock (entry)
        {
            if (entry.Redeemed) return new CodeRedemption(CodeStatus.Reused, entry.Grant, [.. entry.IssuedTokens]);
            entry.Redeemed = true;
            var expired = entry.ExpiresAt <= clock.GetUtcNow() || entry.Grant.Context.SimulatedError == SimulatedError.ExpiredCode;
            return new CodeRedemption(expired ? CodeStatus.Expired : CodeStatus.Valid, entry.Grant, []);
        }
    }

    /// <summary>Remembers an access token bought with a code, so that a replay of the code can revoke it.</summary>
    public void RecordIssued(string code, AccessGrant token)
    {
        if (_codes.TryGetValue(code, out var entry))
            lock (entry) entry.IssuedTokens.Add(token);
    }

    private sealed class CodeEntry(AuthorizationGrant grant, DateTimeOffset expiresAt)
    {
        public AuthorizationGrant Grant { get; } = grant;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Redeemed { get; set; }

        public List<AccessGrant> IssuedTokens { get; } = [];
    }
}

public enum CodeStatus { Unknown, Valid, Expired, Reused }

public sealed record CodeRedemption(CodeStatus Status, AuthorizationGrant? Grant, IReadOnlyList<AccessGrant> TokensToRevoke);

/// <summary>What the user (or the EHR) authorized at the authorize endpoint, carried by a code into the token endpoint.</summary>
public sealed record AuthorizationGrant
{
    public required string ClientId { get; init; }

    public required string RedirectUri { get; init; }

    /// <summary>The PKCE S256 challenge the code verifier must match.</summary>
    public required string CodeChallenge { get; init; }

    /// <summary>The granted scopes, space-separated.</summary>
    public required string Scope { get; init; }

    /// <summary>The launch context, with the patient the picker chose for a standalone launch.</summary>
    public required LaunchContext Context { get; init; }

    public string? Nonce { get; init; }
}
