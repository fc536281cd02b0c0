using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace SmartReasoning.Reason.Model;

/// <summary>What came back from one call: the last response (status and body), or the outcome of a call with no response.</summary>
internal sealed record ModelExchange(int Status, string Body, int Attempts, ModelOutcome? Failure = null, string? FailureDetail = null);

/// <summary>
/// The transport: the OpenAI SDK's <see cref="ChatClient"/> and its pipeline, pointed at <c>{Endpoint}/chat/completions</c>,
/// with our authentication policy (api-key header, Bearer key, or an Entra ID token via the SDK's BearerTokenPolicy),
/// our retry policy in place of the SDK's, the SDK's per-try network timeout, and its logging off (no content, no headers).
/// It calls the SDK's protocol method (<c>CompleteChatAsync(BinaryContent, RequestOptions)</c>) rather than the typed
/// one, because the request must be leak-checked as the exact bytes that leave, and error bodies (the content-filter
/// 400) must be read rather than thrown; with <see cref="ClientErrorBehaviors.NoThrow"/> the last response is returned
/// whatever its status. Only the caller's cancellation escapes as an exception.
/// </summary>
internal sealed class ModelClient
{
    private readonly ChatClient _chat;
    private readonly TimeSpan _overallTimeout;

    public ModelClient(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Deployment);
        if (!options.Endpoint.IsAbsoluteUri) throw new ArgumentException("The model endpoint must be an absolute URL.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.OverallTimeout, TimeSpan.Zero);
        // The SDK's BearerTokenPolicy refuses to send a token over plain http (it throws on each request); say so now.
        if (options.Authentication == ModelAuthentication.Entra && options.Endpoint.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException("Entra ID tokens are only sent over https; the model endpoint is not https.", nameof(options));
        var clientOptions = new OpenAIClientOptions
        {
            // The SDK appends "/chat/completions"; a trailing slash on the base would double it.
            Endpoint = new Uri(options.Endpoint.AbsoluteUri.TrimEnd('/')),
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ModelRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay),
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false, EnableMessageLogging = false, EnableMessageContentLogging = false },
        };
        if (options.Transport is { } transport) clientOptions.Transport = transport;
        // The constructor taking an AuthenticationPolicy is marked experimental (OPENAI001) in OpenAI 2.15, but it is the
        // SDK's only way to send the key in an api-key header (the ApiKeyCredential constructors always send Bearer) and
        // to plug in an Entra ID token provider; the rest of the client is the stable API.
#pragma warning disable OPENAI001
        _chat = new ChatClient(options.Deployment, AuthenticationFor(options), clientOptions);
#pragma warning restore OPENAI001
        _overallTimeout = options.OverallTimeout;
    }

    private static AuthenticationPolicy AuthenticationFor(ModelOptions options) => options.Authentication switch
    {
        ModelAuthentication.ApiKey => ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(KeyOf(options)), "api-key"),
        ModelAuthentication.Bearer => ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(KeyOf(options))),
        _ => new BearerTokenPolicy(options.TokenProvider ?? new DefaultAzureCredential(), ModelOptions.EntraScope),
    };

    private static string KeyOf(ModelOptions options) =>
        options.ApiKey ?? throw new InvalidOperationException($"Authentication {options.Authentication} needs an API key.");

    /// <summary>Sends the body; returns the last response or why there was none. Throws only when <paramref name="ct"/> is cancelled.</summary>
    public async Task<ModelExchange> SendAsync(string body, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_overallTimeout);
        var attempts = new AttemptCounter();
        var request = new RequestOptions { CancellationToken = deadline.Token, ErrorOptions = ClientErrorBehaviors.NoThrow };
        request.AddPolicy(attempts, PipelinePosition.PerTry);
        try
        {
            var result = await _chat.CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(body)), request).ConfigureAwait(false);
            var response = result.GetRawResponse();
            return new ModelExchange(response.Status, response.Content.ToString(), attempts.Count);
        }
        catch (Exception exception)
        {
            // The caller's cancellation may arrive wrapped (the SDK's retry policy aggregates the exceptions of all tries).
            ct.ThrowIfCancellationRequested();
            var (outcome, detail) = Classify(exception is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[^1] : exception);
            return new ModelExchange(0, "", attempts.Count, outcome, detail);
        }
    }

    private static (ModelOutcome, string) Classify(Exception exception) => exception switch
    {
        OperationCanceledException => (ModelOutcome.Timeout, "no answer within the time allowed"),
        AuthenticationFailedException => (ModelOutcome.Unauthorized, "no Entra ID token could be obtained"),
        ClientResultException { Status: 0 } or HttpRequestException or IOException => (ModelOutcome.Unreachable, "connection failed"),
        _ => (ModelOutcome.Unreachable, "unexpected " + exception.GetType().Name),
    };

    /// <summary>Counts the attempts of one call (it sits after the retry policy, so it sees each try).</summary>
    private sealed class AttemptCounter : PipelinePolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _count);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Interlocked.Increment(ref _count);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
