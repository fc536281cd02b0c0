namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// Failures the sandbox produces on demand, so an app can prove it handles them (the reference launcher's list,
/// made to really happen): set per launch on the chart page, or for the whole sandbox in its options.
/// </summary>
public enum SimulatedError
{
    None,

    /// <summary>The authorize endpoint refuses the client as unknown.</summary>
    InvalidClient,

    /// <summary>The authorize endpoint refuses the redirect URI (and so shows an error page instead of redirecting).</summary>
    InvalidRedirectUri,

    /// <summary>The authorize endpoint refuses the requested scopes.</summary>
    InvalidScope,

    /// <summary>The authorization code has expired by the time the app exchanges it.</summary>
    ExpiredCode,

    /// <summary>The refresh token has expired by the time the app uses it.</summary>
    ExpiredRefreshToken,

    /// <summary>FHIR calls with the issued access token are refused as invalid.</summary>
    InvalidAccessToken,

    /// <summary>FHIR calls with the issued access token are refused as expired.</summary>
    ExpiredAccessToken,
}
