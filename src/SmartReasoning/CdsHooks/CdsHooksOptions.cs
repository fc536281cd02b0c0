using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Pull;
using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks;

/// <summary>How the CDS Hooks service trusts its callers, where it may fetch data, and how long it may think.</summary>
public sealed record CdsHooksOptions
{
    /// <summary>The CDS clients (EHRs) whose signed JWTs are accepted; more may be added at run time (the sandbox started beside us).</summary>
    public IReadOnlyList<CdsClient> Clients { get; init; } = [];

    /// <summary>FHIR base URLs a request's <c>fhirServer</c> may name; no token is ever sent to any other.</summary>
    public IReadOnlyList<string> AllowedFhirServers { get; init; } = [];

    /// <summary>
    /// The public base URL of this service (<c>https://cds.example.org</c>) when it runs behind a proxy: a JWT's <c>aud</c>
    /// must be this plus the path called. Null takes the scheme, host and path base of the request itself.
    /// </summary>
    public string? PublicBaseUrl { get; init; }

    /// <summary>The SQLite file that keeps feedback and the cards it is about; null keeps them in memory (tests, throw-away runs).</summary>
    public string? FeedbackDatabasePath { get; init; }

    /// <summary>How long the reasoner may take before the guideline findings are answered instead (the spec asks for about 500 ms in all).</summary>
    public TimeSpan ReasoningBudget { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The reasoner behind the cards; null configures it from the environment (<see cref="RecordReasoner.FromEnvironment"/>).</summary>
    public RecordReasoner? Reasoner { get; init; }

    /// <summary>How patiently missing prefetch data is fetched from the EHR: little, since the EHR waits for our answer.</summary>
    public PullOptions Pull { get; init; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(3),
        TotalBudget = TimeSpan.FromSeconds(5),
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>How many hook calls compute at once, the others waiting in arrival order (<see cref="CdsAdmission"/>): one per processor.</summary>
    public int ConcurrentHookCalls { get; init; } = Environment.ProcessorCount;

    /// <summary>How many compiled contexts <see cref="CdsContextCache"/> keeps for a prefetch sent again; 0 turns it off.</summary>
    public int ContextCacheEntries { get; init; } = 128;

    /// <summary>How long a compiled context is used again (it is compiled as of its first call): short, as the record moves on.</summary>
    public TimeSpan ContextCacheLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Browser origins allowed to call (CORS); "*" allows any, which is safe here since calls carry a bearer JWT, never cookies.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = ["*"];
}
