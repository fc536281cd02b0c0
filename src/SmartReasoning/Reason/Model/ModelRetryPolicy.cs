using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;

namespace SmartReasoning.Reason.Model;

/// <summary>
/// The one retry policy of the model client, put in the SDK pipeline in place of its default (so no second policy
/// retries behind it). Retries 408, 429 and 5xx, an attempt that timed out and a network failure, at most
/// <c>maxRetries</c> times; waits what the endpoint asks (<c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>,
/// <c>Retry-After</c> in seconds or as a date), else an exponential back-off; does not retry when the endpoint asks for
/// a longer wait than <c>maxDelay</c>, or once the call's token (the caller's, linked with the overall deadline) is cancelled.
/// </summary>
internal sealed class ModelRetryPolicy : ClientRetryPolicy
{
    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;

    public ModelRetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider? time = null) : base(maxRetries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _maxRetries = maxRetries;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _time = time ?? TimeProvider.System;
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception)
    {
        if (RetriesOf(message) >= _maxRetries || message.CancellationToken.IsCancellationRequested) return false;
        if (exception is not null) return IsTransient(exception);
        if (message.Response is not { } response || !IsRetriableStatus(response.Status)) return false;
        return RequestedDelay(response, _time.GetUtcNow()) is not { } asked || asked <= _maxDelay;
    }

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        if (message.Response is { } response && RequestedDelay(response, _time.GetUtcNow()) is { } asked) return asked;
        var backOff = _baseDelay * Math.Pow(2, RetriesOf(message));
        return backOff < _maxDelay ? backOff : _maxDelay;
    }

    // The message's retry count is internal to System.ClientModel 1.16, so the policy keeps its own on the message.
    protected override void OnTryComplete(PipelineMessage message) => message.SetProperty(typeof(ModelRetryPolicy), RetriesOf(message) + 1);

    private static int RetriesOf(PipelineMessage message) =>
        message.TryGetProperty(typeof(ModelRetryPolicy), out var value) && value is int retries ? retries : 0;

    public static bool IsRetriableStatus(int status) => status is 408 or 429 or >= 500 and < 600;

    /// <summary>A timed-out attempt (the SDK's per-try timeout) or a failure to reach the endpoint.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => true, // the call's own token is not cancelled (checked above): the attempt timed out
        ClientResultException { Status: 0 } => true, // the transport wraps HttpRequestException this way
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>The wait the response asks for, if it names one.</summary>
    public static TimeSpan? RequestedDelay(PipelineResponse response, DateTimeOffset now)
    {
        foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
            if (response.Headers.TryGetValue(name, out var ms) &&
                double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
                return TimeSpan.FromMilliseconds(milliseconds);
        if (!response.Headers.TryGetValue("Retry-After", out var retryAfter) || retryAfter is null) return null;
        if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at > now ? at - now : TimeSpan.Zero;
        return null;
    }
}
