namespace SmartReasoning.Launch;

/// <summary>
/// A launch between the authorize request and the callback, kept on our server under its <c>state</c>: the PKCE
/// verifier and nonce never leave it. Bound to the browser session that started it.
/// </summary>
public sealed class PendingLaunch
{
    public required string State { get; init; }

    public required string BrowserSession { get; init; }

    public required LaunchConfig Config { get; init; }

    public required SmartServerConfiguration Server { get; init; }

    /// <summary>The FHIR base exactly as the EHR named it (sent as <c>aud</c>).</summary>
    public required string FhirBase { get; init; }

    public required PkceChallenge Pkce { get; init; }

    public string? Nonce { get; init; }

    /// <summary>The EHR's <c>launch</c> value; null for a standalone launch.</summary>
    public string? Launch { get; init; }

    public required string RequestedScope { get; init; }

    public required string RedirectUri { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public bool IsEhrLaunch => Launch is not null;

    public override string ToString() => $"pending launch to {Config.Name}";
}
