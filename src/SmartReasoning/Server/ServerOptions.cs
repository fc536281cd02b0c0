namespace SmartReasoning.Server;

/// <summary>How the SmartReasoning host listens.</summary>
public sealed record ServerOptions
{
    public const int DefaultPort = 5480;

    /// <summary>The loopback port; 0 lets the system pick a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;
}
