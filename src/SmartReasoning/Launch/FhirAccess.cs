using System.Net.Http.Headers;

namespace SmartReasoning.Launch;

/// <summary>
/// What a FHIR call needs, valid now: the FHIR base, an access token (kept out of <see cref="ToString"/>), and the
/// patient in context (null for backend services). Get one from <see cref="TokenRefresher"/> (a launch) or
/// <see cref="BackendServicesClient"/> (no user) just before the call; do not keep it.
/// </summary>
public sealed class FhirAccess(string fhirBase, string accessToken, string? patient, string scope, DateTimeOffset expiresAt)
{
    /// <summary>Without a trailing slash.</summary>
    public string FhirBase { get; } = fhirBase.TrimEnd('/');

    public string AccessToken { get; } = accessToken;

    public string? Patient { get; } = patient;

    public string Scope { get; } = scope;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>A request for <c>{FhirBase}/{relative}</c> with the bearer token and a FHIR JSON Accept header.</summary>
    public HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, $"{FhirBase}/{relative.TrimStart('/')}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        return request;
    }

    public override string ToString() => $"access to {FhirBase} until {ExpiresAt:O}";
}
