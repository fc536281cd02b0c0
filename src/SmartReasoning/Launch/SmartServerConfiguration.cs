namespace SmartReasoning.Launch;

/// <summary>
/// What discovery learned about an EHR's authorization server (SMART App Launch 2.2 §2.0.4): its endpoints, already
/// resolved to absolute URLs, and what it says it supports.
/// </summary>
public sealed record SmartServerConfiguration
{
    /// <summary>The FHIR base this was discovered for (the launch's <c>iss</c>).</summary>
    public required string FhirBase { get; init; }

    /// <summary>The OpenID Connect issuer of its id_tokens; null when discovery did not say.</summary>
    public string? Issuer { get; init; }

    public string? AuthorizationEndpoint { get; init; }

    public required string TokenEndpoint { get; init; }

    public string? JwksUri { get; init; }

    public string? RegistrationEndpoint { get; init; }

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<string> CodeChallengeMethods { get; init; } = [];

    public IReadOnlyList<string> TokenEndpointAuthMethods { get; init; } = [];

    public IReadOnlyList<string> IdTokenSigningAlgorithms { get; init; } = [];

    public IReadOnlyList<string> GrantTypes { get; init; } = [];

    /// <summary>True when it came from the CapabilityStatement's oauth-uris extension (no .well-known document).</summary>
    public bool FromCapabilityStatement { get; init; }

    public bool Supports(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);

    /// <summary>Whether S256 is advertised; we send PKCE S256 whatever this says.</summary>
    public bool AdvertisesPkce => CodeChallengeMethods.Contains("S256", StringComparer.Ordinal);
}
