namespace SmartReasoning.Launch;

/// <summary>The steps of a SMART launch, in order: what failed, for the user's page, the log and the probe's report.</summary>
public enum LaunchStep
{
    Configuration,
    Registration,
    Discovery,
    Authorize,
    Callback,
    TokenExchange,
    IdToken,
    LaunchContext,
    FhirRead,
    Refresh,
    BackendServices,
}

/// <summary>
/// A launch that cannot go on, said so that a clinician understands it. The message is ours (or the server's
/// <c>error_description</c>, cut short) and never holds a token, code or secret: it goes to the page and to the log.
/// </summary>
public sealed class LaunchFailure(LaunchStep step, string title, string message, int status = StatusCodes.Status502BadGateway, string? oauthError = null)
    : Exception(message)
{
    public LaunchStep Step { get; } = step;

    /// <summary>A short heading for the page, e.g. "The EHR refused the sign-in".</summary>
    public string Title { get; } = title;

    /// <summary>The HTTP status of the page shown to the user.</summary>
    public int Status { get; } = status;

    /// <summary>The OAuth error code the server answered (<c>invalid_grant</c>, <c>access_denied</c>...), if any.</summary>
    public string? OAuthError { get; } = oauthError;

    /// <summary>A server's own words (an <c>error_description</c>), kept short and on one line.</summary>
    internal static string Quote(string? text, int max = 300)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var line = string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return line.Length <= max ? line : line[..max] + "…";
    }
}
