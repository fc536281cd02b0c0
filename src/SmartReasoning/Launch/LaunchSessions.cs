using System.Collections.Concurrent;

namespace SmartReasoning.Launch;

/// <summary>
/// Every launch on this server: pending ones under their <c>state</c> (consumed once), completed ones under their
/// session key; both bound to the browser session that started them, so a <c>state</c> or key from elsewhere is refused.
/// Kept in memory: a restart ends every launch (the user launches again from the EHR).
/// </summary>
public sealed class LaunchSessions(TimeProvider clock)
{
    /// <summary>How long a user may take between leaving for the EHR's sign-in and coming back.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);

    /// <summary>A launch unused this long is forgotten (a clinician's working day).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(12);

    /// <summary>A browser that starts more launches than this without finishing them loses the oldest.</summary>
    public const int MaxPendingPerBrowser = 32;

    /// <summary>All browsers together: past this many unfinished launches, the oldest are dropped (memory stays bounded).</summary>
    public const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<string, PendingLaunch> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _consumed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LaunchSession> _sessions = new(StringComparer.Ordinal);

    public void AddPending(PendingLaunch launch)
    {
        Sweep();
        var ofBrowser = _pending.Values.Where(p => p.BrowserSession == launch.BrowserSession).OrderBy(p => p.ExpiresAt).ToList();
        foreach (var old in ofBrowser.Take(Math.Max(0, ofBrowser.Count - MaxPendingPerBrowser + 1))) _pending.TryRemove(old.State, out _);
        if (_pending.Count >= MaxPending)
            foreach (var old in _pending.Values.OrderBy(p => p.ExpiresAt).Take(_pending.Count - MaxPending + 1).ToList()) _pending.TryRemove(old.State, out _);
        _pending[launch.State] = launch;
    }

    /// <summary>
    /// Takes the pending launch of <paramref name="state"/> for this browser: it can be taken once. Throws
    /// <see cref="LaunchFailure"/> (step Callback) for an unknown, replayed, expired or foreign state.
    /// </summary>
    public PendingLaunch TakePending(string? state, string? browserSession)
    {
        static LaunchFailure Refused(string why) =>
            new(LaunchStep.Callback, "This sign-in cannot be completed", why + " Launch the app again from the EHR.", StatusCodes.Status400BadRequest);
        if (string.IsNullOrEmpty(state)) throw Refused("The EHR's answer has no state.");
        if (browserSession is null) throw Refused("Your browser did not send the session cookie this sign-in started with (are cookies blocked?).");
        if (_consumed.ContainsKey(state)) throw Refused("This sign-in was already completed; its answer cannot be used twice.");
        if (!_pending.TryGetValue(state, out var pending)) throw Refused("The EHR's answer names a sign-in this server did not start (unknown state).");
        if (pending.BrowserSession != browserSession) throw Refused("The EHR's answer belongs to a sign-in started in another browser.");
        if (!_pending.TryRemove(state, out _)) throw Refused("This sign-in was already completed; its answer cannot be used twice.");
        _consumed[state] = pending.ExpiresAt;
        if (pending.ExpiresAt <= clock.GetUtcNow()) throw Refused("The sign-in took too long and has expired.");
        return pending;
    }

    public LaunchSession Add(PendingLaunch from, IssuedTokens tokens, SmartLaunchContext context)
    {
        var session = new LaunchSession(RandomValue.New(), from.BrowserSession, from.Config, from.Server, from.FhirBase, from.RequestedScope, tokens, context, clock.GetUtcNow());
        _sessions[session.Key] = session;
        return session;
    }

    /// <summary>The launch of <paramref name="key"/> if it belongs to this browser session; null otherwise.</summary>
    public LaunchSession? Find(string? key, string? browserSession)
    {
        if (key is null || browserSession is null || !_sessions.TryGetValue(key, out var session) || session.BrowserSession != browserSession) return null;
        if (session.LastUsed + IdleLifetime <= clock.GetUtcNow())
        {
            _sessions.TryRemove(key, out _);
            return null;
        }
        session.LastUsed = clock.GetUtcNow();
        return session;
    }

    /// <summary>
    /// The launch of <paramref name="key"/> for work done on its behalf after the browser's request (a queued write-back),
    /// without the browser's session; null when it has ended or gone idle. Never hand it to a browser.
    /// </summary>
    public LaunchSession? FindForWork(string key)
    {
        if (!_sessions.TryGetValue(key, out var session) || session.LastUsed + IdleLifetime <= clock.GetUtcNow()) return null;
        return session;
    }

    /// <summary>The launches of one browser session, newest first.</summary>
    public IReadOnlyList<LaunchSession> OfBrowser(string browserSession) =>
        [.. _sessions.Values.Where(s => s.BrowserSession == browserSession).OrderByDescending(s => s.LastUsed)];

    public void End(LaunchSession session) => _sessions.TryRemove(session.Key, out _);

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _pending.Values.Where(p => p.ExpiresAt <= now).ToList()) _pending.TryRemove(stale.State, out _);
        foreach (var stale in _consumed.Where(c => c.Value <= now).Select(c => c.Key).ToList()) _consumed.TryRemove(stale, out _);
        foreach (var stale in _sessions.Values.Where(s => s.LastUsed + IdleLifetime <= now).ToList()) _sessions.TryRemove(stale.Key, out _);
    }
}
