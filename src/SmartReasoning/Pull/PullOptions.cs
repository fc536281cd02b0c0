namespace SmartReasoning.Pull;

/// <summary>How patiently and how widely a <see cref="PatientRecordPuller"/> asks a FHIR server.</summary>
public sealed record PullOptions
{
    /// <summary>Searches in flight at once; real EHRs throttle clients that open many more.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>The <c>_count</c> asked for per page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Pages followed per query at most, so a server that keeps offering <c>next</c> cannot keep us forever.</summary>
    public int MaxPages { get; init; } = 200;

    /// <summary>Whether to use <c>Patient/$everything</c> when the server advertises it (false forces the per-type searches).</summary>
    public bool UseEverything { get; init; } = true;

    /// <summary>How long one HTTP attempt may take before it counts as timed out (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole pull's time; what is unfinished when it runs out is recorded as missing.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, on 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts, including one a server asks for with <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock the waits between retries run on (tests pass one that does not really wait).</summary>
    public TimeProvider RetryClock { get; init; } = TimeProvider.System;

    /// <summary>The clock for <c>Retry-After</c> dates.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
