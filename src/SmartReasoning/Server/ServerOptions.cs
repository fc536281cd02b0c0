using SmartReasoning.CdsHooks;
using SmartReasoning.Launch;

namespace SmartReasoning.Server;

/// <summary>How the SmartReasoning host listens, and what it is set up with.</summary>
public sealed record ServerOptions
{
    public const int DefaultPort = 5480;

    /// <summary>The loopback port; 0 lets the system pick a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>A folder of launch configs (<c>launch-configs/</c>) read at start; null reads none.</summary>
    public string? LaunchConfigsPath { get; init; }

    /// <summary>Launch configs given in code, beside those of <see cref="LaunchConfigsPath"/> (tests, the local sandbox).</summary>
    public IReadOnlyList<LaunchConfig> LaunchConfigs { get; init; } = [];

    /// <summary>Where secrets and private keys named by launch configs are looked up: the environment, unless a test says otherwise.</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The CDS Hooks service: trusted clients, allowed EHRs, public base URL, feedback database, reasoning budget.</summary>
    public CdsHooksOptions CdsHooks { get; init; } = new();

    /// <summary>
    /// Where SmartReasoning keeps its own data (the write-back outbox, audit trail): <c>SMARTREASONING_DATA</c>, else
    /// <c>smartreasoning</c> under the user's local application data.
    /// </summary>
    public string DataFolder { get; init; } = Environment.GetEnvironmentVariable("SMARTREASONING_DATA") is { Length: > 0 } data
        ? data
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "smartreasoning");

    /// <summary>
    /// A PostgreSQL connection string (<c>SMARTREASONING_POSTGRES</c>) for the write-back outbox and the audit trail, so
    /// several instances share them; null keeps both in SQLite under <see cref="DataFolder"/>.
    /// </summary>
    public string? PostgresConnectionString { get; init; } = Environment.GetEnvironmentVariable("SMARTREASONING_POSTGRES") is { Length: > 0 } pg ? pg : null;

    /// <summary>Whether audit records are also sent to the EHR they concern as AuditEvents (they are always kept in our own store).</summary>
    public bool AuditEventsToEhr { get; init; }

    /// <summary>Whether queued write-backs are delivered in the background (tests deliver by hand).</summary>
    public bool DeliverWriteBacks { get; init; } = true;

    /// <summary>
    /// The extracted FHIR R4 definitions (hl7.fhir.r4.examples@4.0.1) the write-back validates against, with our
    /// profiles; null writes unvalidated (tests that give their own validator, or a run without the package).
    /// </summary>
    public string? FhirPackagePath { get; init; }

    /// <summary>Traces and metrics: the OTLP exporter when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; exporters given in code (tests).</summary>
    public Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>
    /// Who may call the integration API (<c>/api</c>): an Entra ID authority and audience; null reads
    /// <c>SMARTREASONING_API_*</c> from <see cref="EnvironmentVariable"/>, and with none there the API is off.
    /// </summary>
    public Integration.IntegrationApiOptions? IntegrationApi { get; init; }

    /// <summary>The app's review of a launched patient: how it pulls, and how long the reasoner may take.</summary>
    public Review.PatientReviewOptions Review { get; init; } = new();

    /// <summary>Changes to the host's logging after its defaults (the console); the demo sends it to standard error, warnings up.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>The clock for token expiry and caches (tests move it by hand).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
