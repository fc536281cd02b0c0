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

    /// <summary>The clock for token expiry and caches (tests move it by hand).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
