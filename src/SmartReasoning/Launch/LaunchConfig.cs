namespace SmartReasoning.Launch;

/// <summary>
/// One EHR (or sandbox) SmartReasoning may be launched from, read from <c>launch-configs/*.json</c>: its FHIR base,
/// how we are registered there, the scopes it wants, and its known quirks. Secrets and private keys are never in
/// the file: it names the environment variables that hold them.
/// </summary>
public sealed record LaunchConfig
{
    /// <summary>A short name, the file's name without <c>.json</c> (e.g. <c>local-sandbox</c>).</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The FHIR base URL, which a launch's <c>iss</c> must equal exactly (trailing slash aside).</summary>
    public required string Issuer { get; init; }

    public required string ClientId { get; init; }

    public required LaunchClientType ClientType { get; init; }

    /// <summary>The scopes to ask for, space-separated, in the version (v1 or v2) this server wants.</summary>
    public required string Scope { get; init; }

    /// <summary>Our redirect URI as registered with this server, compared exactly by it.</summary>
    public required string RedirectUri { get; init; }

    /// <summary>The environment variable holding the client secret (confidential symmetric clients).</summary>
    public string? ClientSecretEnvironmentVariable { get; init; }

    /// <summary>The environment variable holding our PEM private key (confidential asymmetric clients); without it a key is made at start and published at our JWKS URL.</summary>
    public string? PrivateKeyEnvironmentVariable { get; init; }

    /// <summary>The client assertion algorithm: RS384 or ES384.</summary>
    public string SigningAlgorithm { get; init; } = "ES384";

    /// <summary>True for the local sandbox EHR: the probe starts it itself and registers the client there.</summary>
    public bool LocalSandbox { get; init; }

    public LaunchQuirks Quirks { get; init; } = new();
}

public enum LaunchClientType
{
    Public,
    ConfidentialSymmetric,
    ConfidentialAsymmetric,
}

/// <summary>What this server does differently from the letter of SMART App Launch 2.2, so that we cope with it.</summary>
public sealed record LaunchQuirks
{
    /// <summary>Its discovery does not list S256 (we send PKCE anyway).</summary>
    public bool PkceNotAdvertised { get; init; }

    /// <summary>Its access tokens are opaque, not JWTs (we rely on <c>expires_in</c> only; true everywhere in practice).</summary>
    public bool OpaqueAccessTokens { get; init; }

    /// <summary>Refresh tokens come only with <c>online_access</c> or <c>offline_access</c>; sessions die in minutes without them.</summary>
    public bool RefreshNeedsOfflineOrOnlineAccess { get; init; }

    /// <summary>It has no <c>.well-known/smart-configuration</c>; discovery comes from the CapabilityStatement.</summary>
    public bool CapabilityStatementDiscoveryOnly { get; init; }

    /// <summary>It wants SMART v1 scopes (<c>patient/*.read</c>) rather than v2 (<c>patient/*.rs</c>).</summary>
    public bool ScopesV1 { get; init; }

    /// <summary>Free text for integrators: what else to know about this server.</summary>
    public string? Notes { get; init; }
}
