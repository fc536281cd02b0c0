using System.ClientModel;
using System.ClientModel.Primitives;

namespace SmartReasoning.Reason.Model;

/// <summary>How the model endpoint is told who we are.</summary>
public enum ModelAuthentication
{
    /// <summary>The Foundry resource key in an <c>api-key</c> header.</summary>
    ApiKey,
    /// <summary>The key as <c>Authorization: Bearer</c>, as other OpenAI-compatible servers expect.</summary>
    Bearer,
    /// <summary>An Entra ID token (scope <see cref="ModelOptions.EntraScope"/>) from Azure.Identity, sent as Bearer.</summary>
    Entra,
}

/// <summary>
/// Where the model is and how to reach it: Foundry's OpenAI-compatible base (<c>https://&lt;resource&gt;.services.ai.azure.com/openai/v1/</c>)
/// or any OpenAI-compatible base; requests go to <c>{Endpoint}/chat/completions</c> with <see cref="Deployment"/> as
/// <c>model</c>. The key comes from configuration only and never appears in <see cref="ToString"/>.
/// </summary>
public sealed class ModelOptions
{
    public const string EndpointVariable = "SMARTREASONING_MODEL_ENDPOINT";
    public const string DeploymentVariable = "SMARTREASONING_MODEL_DEPLOYMENT";
    public const string ApiKeyVariable = "SMARTREASONING_MODEL_API_KEY";
    public const string AuthVariable = "SMARTREASONING_MODEL_AUTH";

    /// <summary>The scope of an Entra ID token for Azure AI services.</summary>
    public const string EntraScope = "https://cognitiveservices.azure.com/.default";

    public required Uri Endpoint { get; init; }

    /// <summary>The deployment (Foundry) or model name (other servers), sent as <c>model</c>.</summary>
    public required string Deployment { get; init; }

    public ModelAuthentication Authentication { get; init; } = ModelAuthentication.ApiKey;

    /// <summary>The key for <see cref="ModelAuthentication.ApiKey"/> and <see cref="ModelAuthentication.Bearer"/>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Where Entra ID tokens come from; by default a DefaultAzureCredential (managed identity, Azure CLI, ...).</summary>
    public AuthenticationTokenProvider? TokenProvider { get; init; }

    /// <summary>The HTTP transport; by default the SDK's (a shared HttpClient). Set for a proxy or a custom handler.</summary>
    public PipelineTransport? Transport { get; init; }

    /// <summary>How long one attempt may take, answer included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt, on 408, 429, 5xx, a timed-out attempt or a network failure.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>How long the whole call may take, retries and waits included: a clinician is waiting.</summary>
    public TimeSpan OverallTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The first back-off when the endpoint names no delay; doubled at each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The longest wait we accept: an endpoint asking for more (Retry-After) is not retried.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A cap on the answer's tokens (<c>max_completion_tokens</c>); null leaves the endpoint's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// Refuse to send a context that carries no <c>Guard</c> (a ModelContext not made by ModelContext.Build), since the
    /// request could not be checked for identifiers. On by default.
    /// </summary>
    public bool RequireLeakCheck { get; init; } = true;

    /// <summary>
    /// The options from the environment, or null when no endpoint is configured (the guideline reasoner answers alone).
    /// <c>SMARTREASONING_MODEL_AUTH</c> is api-key, bearer or entra; when absent, api-key if a key is set, else entra.
    /// </summary>
    /// <exception cref="InvalidOperationException">An endpoint is set but the rest is missing or invalid (the message names variables, never values).</exception>
    public static ModelOptions? FromEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var endpoint = env(EndpointVariable)?.Trim();
        if (string.IsNullOrEmpty(endpoint)) return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"{EndpointVariable} must be an absolute http(s) URL.");
        var deployment = env(DeploymentVariable)?.Trim();
        if (string.IsNullOrEmpty(deployment))
            throw new InvalidOperationException($"{EndpointVariable} is set but {DeploymentVariable} is not.");
        var key = env(ApiKeyVariable)?.Trim();
        if (string.IsNullOrEmpty(key)) key = null;
        var auth = env(AuthVariable)?.Trim().ToUpperInvariant() switch
        {
            null or "" => key is null ? ModelAuthentication.Entra : ModelAuthentication.ApiKey,
            "API-KEY" or "APIKEY" => ModelAuthentication.ApiKey,
            "BEARER" => ModelAuthentication.Bearer,
            "ENTRA" => ModelAuthentication.Entra,
            _ => throw new InvalidOperationException($"{AuthVariable} must be api-key, bearer or entra."),
        };
        if (auth != ModelAuthentication.Entra && key is null)
            throw new InvalidOperationException($"{AuthVariable} needs a key but {ApiKeyVariable} is not set.");
        if (auth == ModelAuthentication.Entra && uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"Entra ID tokens are only sent over https: {EndpointVariable} must be https.");
        return new ModelOptions { Endpoint = uri, Deployment = deployment, Authentication = auth, ApiKey = key };
    }

    /// <summary>Endpoint, deployment and authentication mode; never the key.</summary>
    public override string ToString() => $"{Endpoint} model={Deployment} auth={Authentication}";
}
