namespace SmartReasoning.Reason.Model;

/// <summary>
/// What became of a call to the model. Anything but <see cref="Used"/> means the result holds no model findings and the
/// caller answers with the guideline reasoner's alone.
/// </summary>
public enum ModelOutcome
{
    /// <summary>The model answered and its (checked) findings are in the result.</summary>
    Used,
    /// <summary>No endpoint is configured, or the request carried no de-identified context.</summary>
    NotConfigured,
    /// <summary>The request would have carried an identifier of the patient (or could not be checked), so it was not sent.</summary>
    Blocked,
    /// <summary>No answer in time: an attempt's timeout, the overall deadline, or 408 from the endpoint.</summary>
    Timeout,
    /// <summary>429 until the retries ran out, or the endpoint asked to wait longer than we may.</summary>
    RateLimited,
    /// <summary>5xx until the retries ran out.</summary>
    ServerError,
    /// <summary>The content filter refused the prompt (400 content_filter) or the answer (finish_reason content_filter), or the model refused.</summary>
    ContentFiltered,
    /// <summary>The answer was cut off (finish_reason length).</summary>
    Truncated,
    /// <summary>The answer was not JSON, or not of the schema asked for.</summary>
    Malformed,
    /// <summary>401 or 403, or no Entra ID token could be had.</summary>
    Unauthorized,
    /// <summary>Another 4xx: the endpoint refused the request (unknown deployment, bad request).</summary>
    Rejected,
    /// <summary>The endpoint could not be reached (refused connection, DNS, TLS).</summary>
    Unreachable,
}

/// <summary>The words a note uses for each outcome.</summary>
internal static class ModelOutcomeText
{
    public static string Why(ModelOutcome outcome) => outcome switch
    {
        ModelOutcome.NotConfigured => "no model is configured",
        ModelOutcome.Blocked => "the request would have carried an identifier of the patient",
        ModelOutcome.Timeout => "it did not answer in time",
        ModelOutcome.RateLimited => "the endpoint is rate limiting",
        ModelOutcome.ServerError => "the endpoint failed (server error)",
        ModelOutcome.ContentFiltered => "the content filter refused the request or the answer",
        ModelOutcome.Truncated => "its answer was cut off (length limit)",
        ModelOutcome.Malformed => "its answer was not valid against the findings schema",
        ModelOutcome.Unauthorized => "the endpoint refused our credentials",
        ModelOutcome.Rejected => "the endpoint rejected the request",
        ModelOutcome.Unreachable => "the endpoint could not be reached",
        _ => outcome.ToString(),
    };

    /// <summary>"The model was not used: why (detail)."</summary>
    public static string NotUsed(ModelOutcome outcome, string? detail = null) =>
        detail is null ? $"The model was not used: {Why(outcome)}." : $"The model was not used: {Why(outcome)} ({detail}).";
}
