namespace SmartReasoning.WriteBack.Outbox;

/// <summary>How patiently the outbox delivers.</summary>
public sealed record OutboxOptions
{
    /// <summary>The wait after the first failed attempt; each later one doubles it (with jitter), up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest <c>Retry-After</c> honoured as asked; a longer one waits this long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message that keeps failing transiently is given up and reported (about two days at the defaults).</summary>
    public int MaxAttempts { get; init; } = 300;

    /// <summary>How long a claim lasts: a message whose sender died is claimed again after this.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>One HTTP attempt's time limit.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the background service looks for due messages.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many messages per <see cref="OutboxDelivery.DeliverDueAsync"/> call.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>The clock for due times and leases (tests move it forward instead of waiting).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
