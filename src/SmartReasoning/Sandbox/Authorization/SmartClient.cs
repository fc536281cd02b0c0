using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>An app registered with the sandbox's authorization server (from configuration or RFC 7591 registration).</summary>
public sealed record SmartClient
{
    public required string ClientId { get; init; }

    public string? Name { get; init; }

    /// <summary>The redirect URIs the authorize endpoint accepts, compared exactly.</summary>
    public required IReadOnlyList<string> RedirectUris { get; init; }

    public ClientAuthenticationMethod AuthenticationMethod { get; init; } = ClientAuthenticationMethod.None;

    /// <summary>The shared secret of a confidential symmetric client (HTTP Basic).</summary>
    public string? Secret { get; init; }

    /// <summary>The public keys of an asymmetric client, given inline.</summary>
    public JsonWebKeySet? Jwks { get; init; }

    /// <summary>Where an asymmetric client publishes its public keys.</summary>
    public string? JwksUri { get; init; }

    /// <summary>The scopes the client may be granted, space-separated; wildcards (<c>patient/*.rs</c>) allowed.</summary>
    public string Scope { get; init; } = DefaultScope;

    /// <summary>What a client may have when its registration names no scope: everything the sandbox offers.</summary>
    public const string DefaultScope =
        "openid fhirUser profile launch launch/patient launch/encounter online_access offline_access patient/*.* user/*.* system/*.* patient/*.cruds user/*.cruds system/*.cruds";

    public bool IsConfidential => AuthenticationMethod != ClientAuthenticationMethod.None;
}

/// <summary>How a client proves who it is at the token endpoint.</summary>
public enum ClientAuthenticationMethod
{
    /// <summary>A public client (<c>none</c>): the <c>client_id</c> alone, protected by PKCE.</summary>
    None,

    /// <summary>A confidential symmetric client: <c>client_secret_basic</c>.</summary>
    ClientSecretBasic,

    /// <summary>A confidential asymmetric client: <c>private_key_jwt</c> with RS384 or ES384.</summary>
    PrivateKeyJwt,
}
