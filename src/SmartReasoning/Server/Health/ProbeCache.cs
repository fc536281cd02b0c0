using System.Collections.Concurrent;

namespace SmartReasoning.Server.Health;

/// <summary>
/// Keeps each probe's answer for <see cref="Lifetime"/>, and shares one probe in flight among the callers asking at
/// once, so a storm of readiness probes costs the EHR or the database one request every few seconds.
/// </summary>
public sealed class ProbeCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<HealthObservation>> Probe)> _entries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(5);

    public Task<HealthObservation> GetAsync(string key, Func<Task<HealthObservation>> probe)
    {
        var now = clock.GetUtcNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry) && now - entry.At < Lifetime) return entry.Probe.Value;
            var fresh = (now, new Lazy<Task<HealthObservation>>(probe, LazyThreadSafetyMode.ExecutionAndPublication));
            if (entry.Probe is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, entry)) return fresh.Item2.Value;
        }
    }
}
