using System.Collections.Concurrent;

namespace SmartReasoning.Tests.Pull;

/// <summary>A clock for the waits between retries that records each wait asked for and lets it pass at once, so no test sleeps.</summary>
public sealed class InstantRetryClock : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan) return base.CreateTimer(callback, state, dueTime, period);
        Waits.Enqueue(dueTime);
        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
