using System.Collections.Concurrent;

namespace SmartReasoning.CdsHooks.Trust;

/// <summary>Remembers each (iss, jti) until its token expires, so a captured token cannot be sent twice.</summary>
public sealed class JtiReplayGuard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Issuer, string Jti), DateTimeOffset> _seen = new();
    private long _lastSweep;

    /// <summary>True the first time a jti is presented before <paramref name="expires"/>; false for a replay.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        if (_seen.TryAdd((issuer, jti), expires)) return true;
        // A remembered jti whose token has expired cannot be replayed anyway (the token fails exp), so still refuse.
        return false;
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last) return;
        foreach (var (key, expires) in _seen)
            if (expires + CdsJwtValidator.ClockSkew < now) _seen.TryRemove(key, out _);
    }
}
