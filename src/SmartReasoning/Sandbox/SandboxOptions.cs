namespace SmartReasoning.Sandbox;

/// <summary>How the sandbox EHR runs.</summary>
public sealed record SandboxOptions
{
    public const int DefaultPort = 5490;

    /// <summary>The loopback port; 0 lets the system pick a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The largest request body accepted, in bytes; larger ones get a 413 OperationOutcome.</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Real-EHR behaviours to imitate (<see cref="FhirServer.VendorProfile"/>): none, epic or oracle-health.</summary>
    public FhirServer.VendorProfile Profile { get; init; } = FhirServer.VendorProfile.None;

    /// <summary>A SQLite file that keeps every version, so the sandbox survives restarts; null keeps all in memory only.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Whether to load the synthetic cohort (one patient per archetype) at start.</summary>
    public bool LoadCohort { get; init; } = true;

    /// <summary>How many more generated patients to load at start (for load tests).</summary>
    public int SyntheticPatients { get; init; }

    /// <summary>Folders or files of FHIR Bundles to load at start (transaction or collection bundles).</summary>
    public IReadOnlyList<string> DataPaths { get; init; } = [];

    /// <summary>True lets FHIR requests through without an access token (<c>--open</c>); by default every one needs a valid token.</summary>
    public bool Open { get; init; }

    /// <summary>The apps registered at start; more may register themselves (RFC 7591).</summary>
    public IReadOnlyList<Authorization.SmartClient> Clients { get; init; } = [];

    /// <summary>How long an access token lives.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An error to simulate for every launch (the chart page can also choose one per launch).</summary>
    public Authorization.SimulatedError SimulatedError { get; init; }

    /// <summary>The patient a standalone launch picks without asking (headless tests); null shows the patient picker.</summary>
    public string? StandalonePatient { get; init; }

    /// <summary>The clock for token and code lifetimes (tests move it forward).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Changes to the sandbox's logging after its defaults (the console); the demo sends it to standard error, warnings up.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Where the chart page's "Launch SmartReasoning" sends an EHR launch (the SmartReasoning app's launch URL).</summary>
    public string AppLaunchUrl { get; init; } = "http://127.0.0.1:5480/launch";

    /// <summary>The CDS Hooks discovery URLs the chart page calls ({base}/cds-services); the page can add one for its session.</summary>
    public IReadOnlyList<string> CdsServices { get; init; } = ["http://127.0.0.1:5480/cds-services"];
}
