namespace SmartReasoning.Server.Integration;

/// <summary>
/// Who may call the integration API: bearer tokens issued by <see cref="Authority"/> (Microsoft Entra ID:
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>; its OpenID configuration gives the issuer and signing keys)
/// for one of <see cref="Audiences"/>, carrying <see cref="RequiredScope"/> (delegated, <c>scp</c>) or
/// <see cref="RequiredRole"/> (an app role, <c>roles</c>) when either is set. Unconfigured, the API is off (404), never open.
/// </summary>
public sealed record IntegrationApiOptions
{
    public const string AuthorityVariable = "SMARTREASONING_API_AUTHORITY";
    public const string AudienceVariable = "SMARTREASONING_API_AUDIENCE";
    public const string ScopeVariable = "SMARTREASONING_API_SCOPE";
    public const string RoleVariable = "SMARTREASONING_API_ROLE";

    public required Uri Authority { get; init; }

    /// <summary>The accepted <c>aud</c> values (the app's client id, its application ID URI).</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    public string? RequiredScope { get; init; }

    public string? RequiredRole { get; init; }

    /// <summary>How far <c>exp</c> and <c>nbf</c> may be off.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The options from the environment; null when no authority is set (the API is off).
    /// </summary>
    /// <exception cref="InvalidOperationException">An authority without an audience, or one that is not an absolute URL (the message names variables, never values).</exception>
    public static IntegrationApiOptions? FromEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var authority = env(AuthorityVariable)?.Trim();
        if (string.IsNullOrEmpty(authority)) return null;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            throw new InvalidOperationException($"{AuthorityVariable} must be an absolute https URL.");
        var audiences = (env(AudienceVariable) ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (audiences.Length == 0) throw new InvalidOperationException($"{AuthorityVariable} is set but {AudienceVariable} is not.");
        return new IntegrationApiOptions
        {
            Authority = uri,
            Audiences = audiences,
            RequiredScope = env(ScopeVariable)?.Trim() is { Length: > 0 } scope ? scope : null,
            RequiredRole = env(RoleVariable)?.Trim() is { Length: > 0 } role ? role : null,
        };
    }
}
