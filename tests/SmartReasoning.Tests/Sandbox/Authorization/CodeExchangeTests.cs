using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>An authorization code buys tokens once, for its own client, redirect URI and PKCE verifier, within a minute.</summary>
public sealed class CodeExchangeTests : AuthorizationServerHost
{
    private const string Scope = "launch patient/*.rs";

    [Fact]
    public async Task A_code_used_twice_is_refused_and_the_first_access_token_is_revoked()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());
        var first = await app.ExchangeAsync(code, verifier);
        Assert.True((await AccessTokens.ValidateAsync(first["access_token"]!, FhirBase)).IsValid);

        var second = await app.ExchangeAsync(code, verifier);

        Assert.Equal(400, (int)second.Status);
        Assert.Equal("invalid_grant", second.Error);
        Assert.True(second.NoStore);
        Assert.False((await AccessTokens.ValidateAsync(first["access_token"]!, FhirBase)).IsValid);
    }

    [Fact]
    public async Task A_missing_verifier_is_refused()
    {
        using var app = App();
        var (code, _) = await app.CodeAsync(Scope, Launch());

        var token = await app.ExchangeAsync(code, verifier: null!);

        Assert.Equal("invalid_request", token.Error);
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused()
    {
        using var app = App();
        var (code, _) = await app.CodeAsync(Scope, Launch());

        var token = await app.ExchangeAsync(code, SmartTestApp.NewPkce().Verifier);

        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task A_code_sent_with_another_redirect_uri_is_refused()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());

        var token = await app.ExchangeAsync(code, verifier, new() { ["redirect_uri"] = "http://127.0.0.1:1/other" });

        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task A_code_older_than_its_lifetime_is_refused()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());
        Clock.Advance(AuthorizationCodes.Lifetime + TimeSpan.FromSeconds(1));

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal("invalid_grant", token.Error);
        Assert.Contains("expired", token["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_presented_by_another_client_is_refused()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, Launch());

        var token = await app.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Redirect,
            ["code_verifier"] = verifier,
        }, new BasicCredentials(SymmetricClient, Secret));

        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task An_unknown_code_and_an_unknown_grant_type_are_refused()
    {
        using var app = App();

        var unknownCode = await app.ExchangeAsync("made-up-code", SmartTestApp.NewPkce().Verifier);
        var unknownGrant = await app.TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = PublicClient });

        Assert.Equal("invalid_grant", unknownCode.Error);
        Assert.Equal("unsupported_grant_type", unknownGrant.Error);
    }
}
