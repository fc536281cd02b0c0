using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SmartReasoning.Launch;

/// <summary>
/// Talks to an EHR's token endpoint: the code exchange (with the PKCE verifier), refresh, and <c>client_credentials</c>,
/// authenticating as the launch config says: a public client by <c>client_id</c>, a confidential symmetric one with
/// HTTP Basic, an asymmetric one with a fresh <see cref="ClientAssertion"/> each time. Token answers are read by
/// <see cref="TokenResponse"/>; a refusal is a <see cref="LaunchFailure"/> with the server's OAuth error code.
/// </summary>
public sealed class TokenClient(HttpClient http, ClientSecrets secrets, AppSigningKeys keys, TimeProvider clock)
{
    private const int MaxAnswerBytes = 1024 * 1024;

    /// <summary>
    /// Throws <see cref="LaunchFailure"/> (Configuration) when the secret or key <paramref name="config"/> needs is missing
    /// or unusable: checked before the user is sent to sign in, not after.
    /// </summary>
    public void EnsureCredentials(LaunchConfig config)
    {
        if (config.ClientType == LaunchClientType.ConfidentialSymmetric) secrets.For(config);
        if (config.ClientType == LaunchClientType.ConfidentialAsymmetric) keys.For(config);
    }

    public Task<TokenResponse> ExchangeCodeAsync(PendingLaunch launch, string code, CancellationToken cancellationToken) =>
        PostAsync(LaunchStep.TokenExchange, launch.Config, launch.Server, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = launch.RedirectUri,
            ["code_verifier"] = launch.Pkce.Verifier,
        }, launch.RequestedScope, cancellationToken);

    public Task<TokenResponse> RefreshAsync(LaunchSession session, string refreshToken, CancellationToken cancellationToken) =>
        PostAsync(LaunchStep.Refresh, session.Config, session.Server, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, session.GrantedScope, cancellationToken);

    public Task<TokenResponse> ClientCredentialsAsync(LaunchConfig config, SmartServerConfiguration server, string scope, CancellationToken cancellationToken) =>
        PostAsync(LaunchStep.BackendServices, config, server, new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
        }, scope, cancellationToken);

    private async Task<TokenResponse> PostAsync(LaunchStep step, LaunchConfig config, SmartServerConfiguration server, Dictionary<string, string> form,
        string requestedScope, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.TokenEndpoint);
        Authenticate(config, server, form, request);
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.ParseAdd("application/json");
        HttpStatusCode status;
        byte[] body;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = response.StatusCode;
            if (response.Content.Headers.ContentLength > MaxAnswerBytes) throw Unusable(step, "its answer is too large");
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new LaunchFailure(step, "The EHR's sign-in service could not be reached", $"The token endpoint could not be reached: {LaunchFailure.Quote(ex.Message, 160)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LaunchFailure(step, "The EHR's sign-in service did not answer", "The token endpoint did not answer in time.");
        }

        JsonDocument? json = null;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Described below with the status.
        }
        using (json)
        {
            if (status != HttpStatusCode.OK)
            {
                var error = json is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                var description = json is not null && json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                throw new LaunchFailure(step, Refusal(step, error), error is null
                    ? $"The token endpoint answered {(int)status} without an OAuth error."
                    : $"The token endpoint answered {LaunchFailure.Quote(error, 60)}{(description is null ? "" : ": " + LaunchFailure.Quote(description))}.",
                    StatusCodes.Status502BadGateway, error);
            }
            if (json is null) throw Unusable(step, "its answer is not JSON");
            return TokenResponse.Read(json.RootElement, clock.GetUtcNow(), requestedScope, step);
        }
    }

    private void Authenticate(LaunchConfig config, SmartServerConfiguration server, Dictionary<string, string> form, HttpRequestMessage request)
    {
        switch (config.ClientType)
        {
            case LaunchClientType.Public:
                form["client_id"] = config.ClientId;
                break;
            case LaunchClientType.ConfidentialSymmetric:
                // RFC 6749 §2.3.1: each half is form-urlencoded before they are joined.
                var pair = $"{WebUtility.UrlEncode(config.ClientId)}:{WebUtility.UrlEncode(secrets.For(config))}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                break;
            case LaunchClientType.ConfidentialAsymmetric:
                form["client_assertion_type"] = ClientAssertion.AssertionType;
                form["client_assertion"] = ClientAssertion.Create(config.ClientId, server.TokenEndpoint, keys.For(config), clock.GetUtcNow());
                break;
        }
    }

    private static string Refusal(LaunchStep step, string? error) => (step, error) switch
    {
        (LaunchStep.Refresh, "invalid_grant") => "Your session with the EHR has ended",
        (_, "invalid_grant") => "The EHR did not accept the sign-in",
        (_, "invalid_client" or "unauthorized_client") => "The EHR does not recognise SmartReasoning",
        _ => "The EHR refused to give SmartReasoning access",
    };

    private static LaunchFailure Unusable(LaunchStep step, string why) => new(step, "The EHR's token answer cannot be used", $"The token endpoint's answer cannot be used: {why}.");
}
