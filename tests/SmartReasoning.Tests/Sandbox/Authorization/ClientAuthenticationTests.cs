using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>Confidential clients prove who they are: HTTP Basic, or a private_key_jwt assertion that is fresh, well aimed and never replayed.</summary>
public sealed class ClientAuthenticationTests : AuthorizationServerHost
{
    private const string SystemScope = "system/Observation.rs system/Patient.rs";

    [Fact]
    public async Task Symmetric_client_with_the_right_secret_gets_tokens_and_a_wrong_secret_gets_401()
    {
        using var app = App(SymmetricClient);
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());
        var form = new Dictionary<string, string?> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Redirect, ["code_verifier"] = verifier };

        var wrong = await app.TokenAsync(form, new BasicCredentials(SymmetricClient, "not-the-secret"));
        var right = await app.TokenAsync(form, new BasicCredentials(SymmetricClient, Secret));

        Assert.Equal(401, (int)wrong.Status);
        Assert.Equal("invalid_client", wrong.Error);
        Assert.Equal(200, (int)right.Status);
    }

    [Fact]
    public async Task Confidential_client_sending_only_its_client_id_is_refused()
    {
        using var app = App(AsymmetricClient);
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal(401, (int)token.Status);
        Assert.Equal("invalid_client", token.Error);
        Assert.Contains("client_assertion", token["error_description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task Asymmetric_client_gets_a_short_lived_system_token_with_a_valid_assertion(string algorithm)
    {
        using var app = App(AsymmetricClient);
        var key = algorithm == "RS384" ? AppKeys.Rs384 : AppKeys.Es384;

        var token = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, key));

        Assert.Equal(200, (int)token.Status);
        Assert.Equal(SystemScope, token["scope"]);
        Assert.True(token.Body.GetProperty("expires_in").GetInt32() <= 300);
        Assert.Null(token["refresh_token"]);
    }

    [Fact]
    public async Task A_replayed_assertion_jti_is_refused()
    {
        using var app = App(AsymmetricClient);
        var assertion = SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, AppKeys.Es384, jti: "only-once");

        var first = await ClientCredentials(app, assertion);
        var replay = await ClientCredentials(app, assertion);

        Assert.Equal(200, (int)first.Status);
        Assert.Equal("invalid_client", replay.Error);
        Assert.Contains("jti", replay["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assertion_signed_with_RS256_is_refused()
    {
        using var app = App(AsymmetricClient);

        var token = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, AppKeys.Rs256));

        Assert.Equal("invalid_client", token.Error);
        Assert.Contains("RS256", token["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_assertion_with_alg_none_is_refused()
    {
        using var app = App(AsymmetricClient);
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(4).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{AsymmetricClient}}","sub":"{{AsymmetricClient}}","aud":"{{app.TokenUrl}}","exp":{{exp}},"jti":"none-1"}""");

        var token = await ClientCredentials(app, $"{header}.{payload}.");

        Assert.Equal("invalid_client", token.Error);
    }

    [Fact]
    public async Task An_assertion_living_longer_than_five_minutes_is_refused()
    {
        using var app = App(AsymmetricClient);

        var token = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, AppKeys.Rs384, TimeSpan.FromMinutes(30)));

        Assert.Equal("invalid_client", token.Error);
        Assert.Contains("five minutes", token["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assertion_aimed_at_another_audience_is_refused()
    {
        using var app = App(AsymmetricClient);

        var token = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, FhirBase, AppKeys.Rs384));

        Assert.Equal("invalid_client", token.Error);
        Assert.Contains("aud", token["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assertion_signed_by_a_key_the_client_did_not_register_is_refused()
    {
        using var app = App(AsymmetricClient);
        using var stranger = new ClientKeys();

        var token = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, stranger.Es384));

        Assert.Equal("invalid_client", token.Error);
    }

    [Fact]
    public async Task Client_credentials_is_refused_to_symmetric_and_public_clients_and_for_non_system_scopes()
    {
        using var app = App(AsymmetricClient);

        var symmetric = await app.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = SystemScope }, new BasicCredentials(SymmetricClient, Secret));
        var publicClient = await app.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = SystemScope, ["client_id"] = PublicClient });
        var patientScope = await ClientCredentials(app, SmartTestApp.Assertion(AsymmetricClient, app.TokenUrl, AppKeys.Rs384), "patient/*.rs");

        Assert.Equal("unauthorized_client", symmetric.Error);
        Assert.Equal("unauthorized_client", publicClient.Error);
        Assert.Equal("invalid_scope", patientScope.Error);
    }

    [Fact]
    public async Task Keys_registered_by_jwks_uri_are_fetched_and_used()
    {
        await using var jwksHost = await StartJwksHost(AppKeys.PublicJwks());
        var clients = Services.GetRequiredService<ClientRegistry>();
        clients.Register(new SmartClient
        {
            ClientId = "by-url", RedirectUris = [], AuthenticationMethod = ClientAuthenticationMethod.PrivateKeyJwt, JwksUri = jwksHost.Url,
        });
        using var app = App("by-url");

        var token = await ClientCredentials(app, SmartTestApp.Assertion("by-url", app.TokenUrl, AppKeys.Es384));

        Assert.Equal(200, (int)token.Status);
    }

    private static Task<TokenAnswer> ClientCredentials(SmartTestApp app, string assertion, string scope = SystemScope) => app.TokenAsync(new()
    {
        ["grant_type"] = "client_credentials",
        ["scope"] = scope,
        ["client_assertion_type"] = ClientAuthenticator.JwtBearerAssertionType,
        ["client_assertion"] = assertion,
    });

    /// <summary>Serves a JWK Set on a free loopback port, as an app publishing its keys would.</summary>
    internal static async Task<JwksHost> StartJwksHost(string jwks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var host = builder.Build();
        host.MapGet("/jwks.json", () => Results.Text(jwks, "application/json", Encoding.UTF8));
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new JwksHost(host);
    }

    internal sealed class JwksHost(WebApplication host) : IAsyncDisposable
    {
        public string Url => host.Urls.First() + "/jwks.json";

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
