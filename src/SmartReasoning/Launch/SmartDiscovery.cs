using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace SmartReasoning.Launch;

/// <summary>
/// Finds an EHR's authorization endpoints from its FHIR base: <c>{iss}/.well-known/smart-configuration</c>, else the
/// CapabilityStatement's <c>oauth-uris</c> extension at <c>{iss}/metadata</c>. Relative endpoint URLs are resolved
/// against <c>iss</c>. Answers are kept for <see cref="CacheLifetime"/>; failures are not kept, so a retry asks again.
/// Only call it for an <c>iss</c> the launch configs know: it sends requests there.
/// </summary>
public sealed class SmartDiscovery(HttpClient http, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);
    private const string OAuthUrisExtension = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    private const string CapabilitiesExtension = "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities";
    private const int MaxDocumentBytes = 4 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, (SmartServerConfiguration Configuration, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The server's configuration; throws <see cref="LaunchFailure"/> (step Discovery) when neither source gives one.</summary>
    public async Task<SmartServerConfiguration> DiscoverAsync(LaunchConfig config, CancellationToken cancellationToken)
    {
        var iss = config.Issuer.TrimEnd('/');
        if (_cache.TryGetValue(iss, out var cached) && cached.Until > clock.GetUtcNow()) return cached.Configuration;

        string? wellKnownProblem = null;
        SmartServerConfiguration? found = null;
        if (!config.Quirks.CapabilityStatementDiscoveryOnly)
        {
            var (document, problem) = await FetchJsonAsync($"{iss}/.well-known/smart-configuration", "application/json", cancellationToken);
            if (document is not null)
                using (document)
                    (found, problem) = FromSmartConfiguration(iss, document.RootElement);
            wellKnownProblem = problem;
        }
        if (found is null)
        {
            var (metadata, problem) = await FetchJsonAsync($"{iss}/metadata", "application/fhir+json", cancellationToken);
            if (metadata is not null)
                using (metadata)
                    (found, problem) = FromCapabilityStatement(iss, metadata.RootElement);
            if (found is null)
                throw new LaunchFailure(LaunchStep.Discovery, "The EHR's sign-in service could not be found",
                    $"Neither {iss}/.well-known/smart-configuration ({wellKnownProblem ?? "not tried: the config says the server has none"}) nor the CapabilityStatement at {iss}/metadata ({problem}) names its authorization endpoints.");
        }
        _cache[iss] = (found, clock.GetUtcNow() + CacheLifetime);
        return found;
    }

    /// <summary>Forgets what was discovered for <paramref name="iss"/> (e.g. after its keys or endpoints changed).</summary>
    public void Forget(string iss) => _cache.TryRemove(iss.TrimEnd('/'), out _);

    private async Task<(JsonDocument? Document, string? Problem)> FetchJsonAsync(string url, string accept, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(accept);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return (null, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > MaxDocumentBytes) return (null, "the document is too large");
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (bytes.Length > MaxDocumentBytes) return (null, "the document is too large");
            return (JsonDocument.Parse(bytes), null);
        }
        catch (JsonException)
        {
            return (null, "the answer is not JSON");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"it could not be reached: {LaunchFailure.Quote(ex.Message, 160)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "it did not answer in time");
        }
    }

    private static (SmartServerConfiguration?, string?) FromSmartConfiguration(string iss, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, "the document is not a JSON object");
        var token = Endpoint(iss, String(json, "token_endpoint"));
        if (token is null) return (null, "it has no usable token_endpoint");
        return (new SmartServerConfiguration
        {
            FhirBase = iss,
            Issuer = String(json, "issuer"),
            AuthorizationEndpoint = Endpoint(iss, String(json, "authorization_endpoint")),
            TokenEndpoint = token,
            JwksUri = Endpoint(iss, String(json, "jwks_uri")),
            RegistrationEndpoint = Endpoint(iss, String(json, "registration_endpoint")),
            Capabilities = Strings(json, "capabilities"),
            CodeChallengeMethods = Strings(json, "code_challenge_methods_supported"),
            TokenEndpointAuthMethods = Strings(json, "token_endpoint_auth_methods_supported"),
            IdTokenSigningAlgorithms = Strings(json, "id_token_signing_alg_values_supported"),
            GrantTypes = Strings(json, "grant_types_supported"),
        }, null);
    }

    /// <summary>SMART v1 discovery: <c>rest[].security.extension</c> with the oauth-uris (authorize, token, register...).</summary>
    private static (SmartServerConfiguration?, string?) FromCapabilityStatement(string iss, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || String(json, "resourceType") != "CapabilityStatement") return (null, "the answer is not a CapabilityStatement");
        if (!json.TryGetProperty("rest", out var rest) || rest.ValueKind != JsonValueKind.Array) return (null, "it has no rest entry");
        foreach (var entry in rest.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("security", out var security) || security.ValueKind != JsonValueKind.Object) continue;
            var extensions = Extensions(security).ToList();
            if (extensions.FirstOrDefault(e => String(e, "url") == OAuthUrisExtension) is not { ValueKind: JsonValueKind.Object } oauth) continue;
            var uris = Extensions(oauth).Where(e => String(e, "url") is not null && String(e, "valueUri") is not null)
                .GroupBy(e => String(e, "url")!).ToDictionary(g => g.Key, g => String(g.First(), "valueUri")!, StringComparer.Ordinal);
            var token = Endpoint(iss, uris.GetValueOrDefault("token"));
            if (token is null) return (null, "its oauth-uris extension has no usable token URL");
            return (new SmartServerConfiguration
            {
                FhirBase = iss,
                AuthorizationEndpoint = Endpoint(iss, uris.GetValueOrDefault("authorize")),
                TokenEndpoint = token,
                RegistrationEndpoint = Endpoint(iss, uris.GetValueOrDefault("register")),
                Capabilities = [.. extensions.Where(e => String(e, "url") == CapabilitiesExtension).Select(e => String(e, "valueCode")).OfType<string>()],
                FromCapabilityStatement = true,
            }, null);
        }
        return (null, "it has no oauth-uris extension in rest.security");
    }

    private static IEnumerable<JsonElement> Extensions(JsonElement element) =>
        element.TryGetProperty("extension", out var extensions) && extensions.ValueKind == JsonValueKind.Array
            ? extensions.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    /// <summary>An endpoint resolved against the FHIR base; null unless https (or http on loopback).</summary>
    internal static string? Endpoint(string iss, string? value)
    {
        if (value is null) return null;
        // An absolute URL is kept as written: the token endpoint is also the audience of our client assertions.
        // (A path such as /auth/token is an absolute file: URI to .NET on Unix, so the scheme decides.)
        var absolute = value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        Uri? uri;
        if (absolute ? !Uri.TryCreate(value, UriKind.Absolute, out uri) : !Uri.TryCreate(new Uri(iss + "/"), value, out uri)) return null;
        if (!(uri!.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))) return null;
        return absolute ? value : uri.AbsoluteUri;
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static IReadOnlyList<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}
