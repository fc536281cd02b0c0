using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks.Trust;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// Every call needs a trusted client's JWT: each way a token can be wrong gets a bare 401, and the log never holds the
/// token. A fhirServer not on the allow-list is never sent anything.
/// </summary>
public sealed class TrustTests : IAsyncLifetime
{
    private const string Service = "smartreasoning-order-sign";
    private const string JkuIssuer = "https://jku-ehr.example.test";
    private const string JkuKid = "jku-es384-1";

    private CdsTestHost _host = null!;
    private CountingServer _keys = null!;
    private readonly ECDsa _jkuKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public async ValueTask InitializeAsync()
    {
        _keys = await CountingServer.StartAsync();
        _keys.Jwks = CdsTestHost.Jwks(_jkuKey, JkuKid);
        _host = await CdsTestHost.StartAsync(o => o with
        {
            Clients = [.. o.Clients, new CdsClient { Issuer = JkuIssuer, JkuUrls = [_keys.JwksUrl] }],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _keys.DisposeAsync();
        _jkuKey.Dispose();
    }

    private string Url => _host.ServiceUrl(Service);

    /// <summary>Posts a valid order-sign request with <paramref name="token"/>: must be a bare 401, and the token must not be logged.</summary>
    private async Task AssertRefusedAsync(string? token)
    {
        using var response = await _host.PostHookAsync(Service, HookRequests.OrderSign(), token, sign: false);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", body);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("refused", _host.Logs.All, StringComparison.Ordinal);
        if (token is not null) AssertNotLogged(token);
    }

    private void AssertNotLogged(string token)
    {
        var logs = _host.Logs.All;
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        foreach (var part in token.Split('.').Where(p => p.Length > 8)) Assert.DoesNotContain(part, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_es384_token_is_accepted()
    {
        var token = _host.Sign(Url);
        using var response = await _host.PostHookAsync(Service, HookRequests.OrderSign(), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNotLogged(token);
    }

    [Fact]
    public async Task No_token_is_401() => await AssertRefusedAsync(null);

    [Fact]
    public async Task Unsigned_token_is_401() => await AssertRefusedAsync(CdsTestHost.Unsigned(Url));

    [Fact]
    public async Task Token_that_is_not_a_jwt_is_401() => await AssertRefusedAsync("opaque-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Hs256_token_is_401()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)) { KeyId = CdsTestHost.KeyId };
        await AssertRefusedAsync(_host.Sign(Url, credentials: new SigningCredentials(secret, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_401()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var impostor = new ECDsaSecurityKey(other) { KeyId = CdsTestHost.KeyId };
        await AssertRefusedAsync(_host.Sign(Url, credentials: new SigningCredentials(impostor, SecurityAlgorithms.EcdsaSha384)));
    }

    [Fact]
    public async Task Es256_token_is_401()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await AssertRefusedAsync(_host.Sign(Url, credentials: new SigningCredentials(new ECDsaSecurityKey(p256) { KeyId = CdsTestHost.KeyId }, SecurityAlgorithms.EcdsaSha256)));
    }

    [Fact]
    public async Task Unknown_issuer_is_401() => await AssertRefusedAsync(_host.Sign(Url, d => d.Issuer = "https://stranger.example.test"));

    [Fact]
    public async Task Wrong_audience_is_401() => await AssertRefusedAsync(_host.Sign(_host.ServiceUrl("smartreasoning-order-select")));

    [Fact]
    public async Task Audience_with_a_trailing_slash_is_401() => await AssertRefusedAsync(_host.Sign(Url + "/"));

    [Fact]
    public async Task Expired_token_is_401() => await AssertRefusedAsync(_host.Sign(Url, d =>
    {
        d.IssuedAt = DateTime.UtcNow.AddMinutes(-10);
        d.Expires = DateTime.UtcNow.AddMinutes(-5);
    }));

    [Fact]
    public async Task Token_living_for_days_is_401() => await AssertRefusedAsync(_host.Sign(Url, d => d.Expires = DateTime.UtcNow.AddDays(3)));

    [Fact]
    public async Task Token_issued_in_the_future_is_401() => await AssertRefusedAsync(_host.Sign(Url, d =>
    {
        d.IssuedAt = DateTime.UtcNow.AddMinutes(3);
        d.Expires = DateTime.UtcNow.AddMinutes(6);
    }));

    [Fact]
    public async Task Token_without_jti_is_401() => await AssertRefusedAsync(_host.Sign(Url, d => d.Claims.Remove("jti")));

    [Fact]
    public async Task Replayed_jti_is_401()
    {
        var token = _host.Sign(Url);
        using (var first = await _host.PostHookAsync(Service, HookRequests.OrderSign(), token))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await AssertRefusedAsync(token);
    }

    [Fact]
    public async Task Key_from_an_allowed_jku_is_fetched_and_accepted()
    {
        var token = SignWithJku(_keys.JwksUrl, JkuKid, _jkuKey);
        using var response = await _host.PostHookAsync(Service, HookRequests.OrderSign(), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _keys.Requests);
    }

    [Fact]
    public async Task Rotated_key_with_a_new_kid_is_fetched_again()
    {
        var clock = new Sandbox.Authorization.ManualClock();
        await using var host = await CdsTestHost.StartAsync(o => o with { Clients = [new CdsClient { Issuer = JkuIssuer, JkuUrls = [_keys.JwksUrl] }] }, clock);
        using (var first = await host.PostHookAsync(Service, HookRequests.OrderSign(), SignWithJku(_keys.JwksUrl, JkuKid, _jkuKey, host)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var rotated = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        _keys.Jwks = CdsTestHost.Jwks(rotated, "jku-es384-2");
        clock.Advance(TimeSpan.FromMinutes(2));

        using var second = await host.PostHookAsync(Service, HookRequests.OrderSign(), SignWithJku(_keys.JwksUrl, "jku-es384-2", rotated, host));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, _keys.Requests);
    }

    [Fact]
    public async Task Jku_outside_the_allow_list_is_401_and_never_fetched()
    {
        await using var elsewhere = await CountingServer.StartAsync();
        elsewhere.Jwks = CdsTestHost.Jwks(_jkuKey, JkuKid);

        await AssertRefusedAsync(SignWithJku(elsewhere.JwksUrl, JkuKid, _jkuKey));

        Assert.Equal(0, elsewhere.Requests);
    }

    [Fact]
    public async Task Jku_on_a_client_with_an_inline_key_set_is_401()
    {
        await AssertRefusedAsync(_host.Sign(Url, d => d.AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = _keys.JwksUrl }));
        Assert.Equal(0, _keys.Requests);
    }

    [Fact]
    public async Task Fhir_server_not_allowed_is_412_and_gets_nothing()
    {
        await using var evil = await CountingServer.StartAsync();
        var prefetch = HookRequests.FullPrefetch();
        prefetch["labs"] = null;
        var request = HookRequests.OrderSign(prefetch, evil.BaseUrl + "/fhir", "token-that-must-stay-here");

        using var response = await _host.PostHookAsync(Service, request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("not an allowed EHR", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, evil.Requests);
        Assert.DoesNotContain("token-that-must-stay-here", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rs384_token_from_a_client_with_an_rsa_key_is_accepted()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwks = $$"""{"keys":[{"kty":"RSA","kid":"rsa-1","alg":"RS384","use":"sig","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}]}""";
        await using var host = await CdsTestHost.StartAsync(o => o with { Clients = [new CdsClient { Issuer = CdsTestHost.Issuer, Jwks = new JsonWebKeySet(jwks) }] });
        var url = host.ServiceUrl(Service);

        var token = host.Sign(url, credentials: new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha384));
        using var response = await host.PostHookAsync(Service, HookRequests.OrderSign(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Audience_is_the_configured_public_url_behind_a_proxy()
    {
        const string PublicBase = "https://cds.example.org/sr";
        await using var host = await CdsTestHost.StartAsync(o => o with { PublicBaseUrl = PublicBase });

        using (var direct = await host.PostHookAsync(Service, HookRequests.OrderSign(), host.Sign(host.ServiceUrl(Service))))
            Assert.Equal(HttpStatusCode.Unauthorized, direct.StatusCode);
        using var proxied = await host.PostHookAsync(Service, HookRequests.OrderSign(), host.Sign($"{PublicBase}/cds-services/{Service}"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
    }

    private string SignWithJku(string jku, string kid, ECDsa key, CdsTestHost? host = null) =>
        (host ?? _host).Sign((host ?? _host).ServiceUrl(Service), d =>
        {
            d.Issuer = JkuIssuer;
            d.SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha384);
            d.AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = jku };
        });
}
