using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Launch;

namespace SmartReasoning.Cli;

/// <summary>
/// A SMART Backend Services client that lives for one run, speaking only the protocol: discovery, dynamic registration
/// (RFC 7591) with the public half of a P-384 key made for the run, then <c>client_credentials</c> authenticated by an
/// ES384 <c>private_key_jwt</c> assertion. The private key never leaves the process.
/// </summary>
internal sealed class SelfRegisteringBackendClient(HttpClient http) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly string _keyId = "run-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// An access token for <paramref name="scope"/> from the server at <paramref name="root"/> (the sandbox root or its
    /// FHIR base: both serve the SMART configuration), or why there is none.
    /// </summary>
    public async Task<(string? AccessToken, string? Error)> RequestTokenAsync(string root, string scope, CancellationToken cancellationToken)
    {
        var discoveryUrl = root.TrimEnd('/') + "/.well-known/smart-configuration";
        var (configuration, discoveryError) = await GetJsonAsync(discoveryUrl, cancellationToken);
        if (configuration is null) return (null, $"discovery ({discoveryUrl}) failed: {discoveryError}");
        if (Text(configuration, "token_endpoint") is not { } tokenEndpoint) return (null, $"{discoveryUrl} names no token_endpoint");
        if (Text(configuration, "registration_endpoint") is not { } registrationEndpoint)
            return (null, $"{discoveryUrl} names no registration_endpoint: this server does not offer dynamic registration");

        var registration = new JsonObject
        {
            ["client_name"] = "smartreasoning sandbox token",
            ["grant_types"] = new JsonArray("client_credentials"),
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["jwks"] = new JsonObject { ["keys"] = new JsonArray(PublicJwk()) },
            ["scope"] = scope,
        };
        using var registerContent = new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json");
        var (registered, registerError) = await PostAsync(registrationEndpoint, registerContent, cancellationToken);
        if (registered is null) return (null, $"registration failed: {registerError}");
        if (Text(registered, "client_id") is not { } clientId) return (null, "registration answered without a client_id");

        using var tokenContent = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = ClientAssertion.AssertionType,
            ["client_assertion"] = ClientAssertion.Create(clientId, tokenEndpoint,
                new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = _keyId }, SecurityAlgorithms.EcdsaSha384), DateTimeOffset.UtcNow),
        });
        var (token, tokenError) = await PostAsync(tokenEndpoint, tokenContent, cancellationToken);
        if (token is null) return (null, $"token request failed: {tokenError}");
        return Text(token, "access_token") is { } accessToken ? (accessToken, null) : (null, "the token response has no access_token");
    }

    public void Dispose() => _key.Dispose();

    private JsonObject PublicJwk()
    {
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        return new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-384", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = _keyId,
            ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y),
        };
    }

    private async Task<(JsonObject? Body, string? Error)> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await SendAsync(request, cancellationToken);
    }

    private async Task<(JsonObject? Body, string? Error)> PostAsync(string url, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>A successful answer's JSON object; otherwise the OAuth error (error: description), or the status when the body has none.</summary>
    private async Task<(JsonObject? Body, string? Error)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                // Not JSON: reported below by status or as an unreadable answer.
            }
            if (!response.IsSuccessStatusCode)
            {
                var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                return (null, body is not null && Text(body, "error") is { } error
                    ? $"{error}: {Text(body, "error_description") ?? "(no description)"} ({status})"
                    : status);
            }
            return body is null ? (null, $"{request.RequestUri} did not answer a JSON object") : (body, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{request.RequestUri} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
