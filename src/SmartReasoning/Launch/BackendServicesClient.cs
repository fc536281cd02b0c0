using System.Collections.Concurrent;

namespace SmartReasoning.Launch;

/// <summary>
/// SMART Backend Services (App Launch 2.2 §5): access with no user, for work such as CDS Hooks calls that come without
/// <c>fhirAuthorization</c>. <c>client_credentials</c> with a <c>private_key_jwt</c> assertion and <c>system/</c> scopes;
/// the token is kept until shortly before it expires, and only one request for it is in flight at a time.
/// </summary>
public sealed class BackendServicesClient(SmartDiscovery discovery, TokenClient tokens, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// Access to <paramref name="config"/>'s FHIR server with <paramref name="scope"/> (system/ scopes only). Throws
    /// <see cref="LaunchFailure"/> (BackendServices) when the config cannot do it or the server refuses.
    /// </summary>
    public async Task<FhirAccess> AccessAsync(LaunchConfig config, string scope, CancellationToken cancellationToken)
    {
        if (config.ClientType != LaunchClientType.ConfidentialAsymmetric)
            throw Refused(config, "backend services need a confidential-asymmetric client (private_key_jwt)");
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0) throw Refused(config, "no scope was asked for");
        if (scopes.FirstOrDefault(s => !s.StartsWith("system/", StringComparison.Ordinal)) is { } other) throw Refused(config, $"'{other}' is not a system/ scope");

        var entry = _entries.GetOrAdd($"{config.Name}\n{config.Issuer}\n{config.ClientId}\n{string.Join(' ', scopes.Order(StringComparer.Ordinal))}", _ => new Entry());
        if (entry.Access is { } cached && Fresh(cached)) return cached;
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            if (entry.Access is { } again && Fresh(again)) return again;
            var server = await discovery.DiscoverAsync(config, cancellationToken);
            var response = await tokens.ClientCredentialsAsync(config, server, string.Join(' ', scopes), cancellationToken);
            entry.Access = new FhirAccess(config.Issuer, response.Tokens.AccessToken, null, response.Tokens.Scope, response.Tokens.ExpiresAt);
            return entry.Access;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Kept until a minute before it expires.</summary>
    private bool Fresh(FhirAccess access) => clock.GetUtcNow() < access.ExpiresAt - TokenRefresher.RefreshAhead;

    private static LaunchFailure Refused(LaunchConfig config, string why) =>
        new(LaunchStep.BackendServices, "SmartReasoning cannot reach the EHR on its own", $"Backend services with '{config.Name}': {why}.", StatusCodes.Status500InternalServerError);

    private sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public FhirAccess? Access { get; set; }
    }
}
