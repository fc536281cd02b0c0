using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>
/// Plays a SMART app against the sandbox's authorization server over HTTP, without following redirects, so that
/// every step of the protocol can be checked or broken on purpose.
/// </summary>
public sealed class SmartTestApp(string root, string clientId, string redirectUri) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(root + "/") };

    public string ClientId { get; } = clientId;

    public string RedirectUri { get; } = redirectUri;

    public string FhirBase => root + "/fhir";

    public string TokenUrl => root + "/auth/token";

    /// <summary>A fresh PKCE verifier and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>The authorize parameters of a correct request; tests change or drop some.</summary>
    public Dictionary<string, string?> AuthorizeParameters(string scope, string challenge, string? launch = null, string state = "state-123") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = ClientId,
        ["redirect_uri"] = RedirectUri,
        ["scope"] = scope,
        ["state"] = state,
        ["aud"] = FhirBase,
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = "S256",
        ["launch"] = launch,
    };

    /// <summary>GET (or POST) /auth/authorize; the answer is not followed.</summary>
    public async Task<AuthorizeAnswer> AuthorizeAsync(Dictionary<string, string?> parameters, bool post = false)
    {
        var present = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        using var response = post
            ? await _http.PostAsync("auth/authorize", new FormUrlEncodedContent(present), TestContext.Current.CancellationToken)
            : await _http.GetAsync(QueryHelpers.AddQueryString("auth/authorize", present!), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new AuthorizeAnswer(response.StatusCode, response.Headers.Location, body);
    }

    /// <summary>Authorizes with a correct request and returns the code (failing the test when there is none).</summary>
    public async Task<(string Code, string Verifier)> CodeAsync(string scope, string? launch = null)
    {
        var (verifier, challenge) = NewPkce();
        var answer = await AuthorizeAsync(AuthorizeParameters(scope, challenge, launch));
        Assert.True(answer.Query.ContainsKey("code"), $"no code: {answer.Status} {answer.Location} {answer.Body}");
        return (answer.Query["code"], verifier);
    }

    public async Task<TokenAnswer> TokenAsync(Dictionary<string, string?> form, BasicCredentials? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/token")
        {
            Content = new FormUrlEncodedContent(form.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)),
        };
        if (basic is not null) request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.User}:{basic.Password}")));
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new TokenAnswer(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Headers.CacheControl?.NoStore == true);
    }

    /// <summary>The code exchange of a public client.</summary>
    public Task<TokenAnswer> ExchangeAsync(string code, string verifier, Dictionary<string, string?>? extra = null)
    {
        var form = new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = ClientId,
        };
        foreach (var (key, value) in extra ?? []) form[key] = value;
        return TokenAsync(form);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path, TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    /// <summary>A private_key_jwt client assertion for the token endpoint, signed with <paramref name="key"/>.</summary>
    public static string Assertion(string clientId, string audience, SigningCredentials key, TimeSpan? lifetime = null, string? jti = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(4)),
            IssuedAt = now,
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            SigningCredentials = key,
        });
    }

    public void Dispose() => _http.Dispose();
}

public sealed record BasicCredentials(string User, string Password);

public sealed record AuthorizeAnswer(HttpStatusCode Status, Uri? Location, string Body)
{
    /// <summary>The query of the redirect, when the answer is one.</summary>
    public Dictionary<string, string> Query => Location is null
        ? []
        : QueryHelpers.ParseQuery(Location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>True when the answer redirected to <paramref name="redirectUri"/>.</summary>
    public bool RedirectsTo(string redirectUri) => Location is not null && Location.GetLeftPart(UriPartial.Path) == redirectUri;
}

public sealed record TokenAnswer(HttpStatusCode Status, JsonElement Body, bool NoStore)
{
    public string? this[string name] => Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public string? Error => this["error"];
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Test keys made at test time (never committed): an app's RSA and P-384 key pairs and their public JWK Set.</summary>
public sealed class ClientKeys : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public SigningCredentials Rs384 => new(new RsaSecurityKey(_rsa) { KeyId = "app-rsa" }, SecurityAlgorithms.RsaSha384);

    public SigningCredentials Es384 => new(new ECDsaSecurityKey(_ec) { KeyId = "app-ec" }, SecurityAlgorithms.EcdsaSha384);

    /// <summary>The same RSA key, used with an algorithm SMART does not allow for assertions.</summary>
    public SigningCredentials Rs256 => new(new RsaSecurityKey(_rsa) { KeyId = "app-rsa" }, SecurityAlgorithms.RsaSha256);

    public string PublicJwks()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", kid = "app-rsa", alg = "RS384", n = Base64UrlEncoder.Encode(rsa.Modulus), e = Base64UrlEncoder.Encode(rsa.Exponent) },
                new { kty = "EC", kid = "app-ec", alg = "ES384", crv = "P-384", x = Base64UrlEncoder.Encode(ec.Q.X), y = Base64UrlEncoder.Encode(ec.Q.Y) },
            },
        });
    }

    public JsonWebKeySet JsonWebKeySet() => new(PublicJwks());

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }
}
