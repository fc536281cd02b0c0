using System.Collections.Concurrent;

namespace SmartReasoning.Launch;

/// <summary>
/// The client secrets of confidential symmetric clients: from the environment variable the launch config names (never
/// from the file), or remembered for this run when we registered ourselves (the probe against the local sandbox).
/// </summary>
public sealed class ClientSecrets(Func<string, string?> environment)
{
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);

    public void Remember(LaunchConfig config, string secret) => _registered[config.Name] = secret;

    /// <summary>The secret; throws <see cref="LaunchFailure"/> (Configuration) naming the variable to set when there is none.</summary>
    public string For(LaunchConfig config)
    {
        if (_registered.TryGetValue(config.Name, out var remembered)) return remembered;
        if (config.ClientSecretEnvironmentVariable is { } variable && environment(variable) is { Length: > 0 } secret) return secret;
        throw new LaunchFailure(LaunchStep.Configuration, "SmartReasoning is not fully configured for this EHR",
            config.ClientSecretEnvironmentVariable is { } name
                ? $"The client secret for '{config.Name}' is missing: set the environment variable {name}."
                : $"The launch config '{config.Name}' is confidential-symmetric but names no clientSecretEnvironmentVariable.",
            StatusCodes.Status500InternalServerError);
    }
}
