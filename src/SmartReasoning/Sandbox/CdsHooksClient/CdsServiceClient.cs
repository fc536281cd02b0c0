using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// Talks to CDS services over HTTP: discovery, hook calls and feedback, each call with a fresh signed JWT. Every
/// failure (refused connection, timeout, error status, invalid JSON) comes back as a message, never as an exception.
/// </summary>
public sealed class CdsServiceClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest response read from a service.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public CdsServiceClient(TimeSpan? timeout = null)
    {
        // No redirects: the JWT's aud names the exact URL, and the bearer token must not follow a redirect elsewhere.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout ?? DefaultTimeout })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
        _timeout = timeout ?? DefaultTimeout;
    }

    public TimeSpan Timeout => _timeout;

    /// <summary>GET the discovery document (<c>{base}/cds-services</c>).</summary>
    public async Task<CdsDiscovery> DiscoverAsync(string discoveryUrl, CancellationToken cancellationToken)
    {
        var (_, body, error) = await SendAsync(HttpMethod.Get, discoveryUrl, null, null, cancellationToken);
        if (error is not null) return new CdsDiscovery(discoveryUrl, [], [], error);
        var (services, problems) = CdsDiscoveryDocument.Read(body, discoveryUrl);
        return new CdsDiscovery(discoveryUrl, services, problems, null);
    }

    /// <summary>POSTs a hook request to the service and reads its cards.</summary>
    public async Task<CdsCallResult> CallAsync(CdsService service, JsonObject request, CdsJwtSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var (status, body, error) = await SendAsync(HttpMethod.Post, service.Url, request, signer, cancellationToken);
        if (error is not null) return new CdsCallResult(service, status, null, error);
        if (body is not JsonObject { } root || root["cards"] is not JsonArray)
            return new CdsCallResult(service, status, null, $"POST {service.Url} answered without a \"cards\" array (required)");
        return new CdsCallResult(service, status, CdsResponseReader.Read(body), null);
    }

    /// <summary>POSTs feedback (<c>{service}/feedback</c>).</summary>
    public async Task<CdsFeedbackResult> SendFeedbackAsync(CdsService service, JsonObject feedback, CdsJwtSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var (status, _, error) = await SendAsync(HttpMethod.Post, service.FeedbackUrl, feedback, signer, cancellationToken, expectJson: false);
        return new CdsFeedbackResult(service.FeedbackUrl, status, error);
    }

    private async Task<(int? Status, JsonNode? Body, string? Error)> SendAsync(HttpMethod method, string url, JsonObject? json, CdsJwtSigner? signer,
        CancellationToken cancellationToken, bool expectJson = true)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return (null, null, $"'{url}' is not an absolute http(s) URL");
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (signer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", signer.Sign(url));
        if (json is not null) request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                return (status, null, $"{method} {url} answered {status} {response.ReasonPhrase}{Excerpt(text)}");
            if (!expectJson) return (status, null, null);
            try
            {
                return (status, JsonNode.Parse(text), null);
            }
            catch (JsonException ex)
            {
                return (status, null, $"{method} {url} answered with invalid JSON ({ex.Message})");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, $"{method} {url} did not answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, null, $"{method} {url} failed: {ex.Message}");
        }
    }

    private static string Excerpt(string body)
    {
        body = body.Trim();
        if (body.Length == 0) return "";
        return ": " + (body.Length > 300 ? body[..300] + "…" : body);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a discovery URL offered, or why it could not be read.</summary>
public sealed record CdsDiscovery(string Url, IReadOnlyList<CdsService> Services, IReadOnlyList<string> Problems, string? Error);

/// <summary>One hook call: the service's checked response, or the error that prevented it.</summary>
public sealed record CdsCallResult(CdsService Service, int? Status, CdsResponse? Response, string? Error)
{
    public bool Succeeded => Error is null && Response is not null;
}

public sealed record CdsFeedbackResult(string Url, int? Status, string? Error)
{
    public bool Succeeded => Error is null;
}
