namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>Refresh tokens rotate, may narrow the scope but never widen it, and confidential clients must authenticate.</summary>
public sealed class RefreshTokenTests : AuthorizationServerHost
{
    [Fact]
    public async Task Refresh_rotates_the_token_and_the_old_one_stops_working()
    {
        using var app = App();
        var first = await Tokens(app, "launch offline_access patient/*.rs");

        var second = await Refresh(app, first["refresh_token"]!);
        var replay = await Refresh(app, first["refresh_token"]!);

        Assert.Equal(200, (int)second.Status);
        Assert.NotEqual(first["refresh_token"], second["refresh_token"]);
        Assert.Equal(PatientId, second["patient"]);
        Assert.Equal("invalid_grant", replay.Error);
    }

    [Fact]
    public async Task Refresh_honours_a_narrower_scope()
    {
        using var app = App();
        var first = await Tokens(app, "launch offline_access patient/*.rs patient/Observation.rs");

        var narrowed = await Refresh(app, first["refresh_token"]!, "patient/Observation.rs");

        Assert.Equal(200, (int)narrowed.Status);
        Assert.Equal("patient/Observation.rs", narrowed["scope"]);
        Assert.Equal("patient/Observation.rs", (await AccessTokens.ValidateAsync(narrowed["access_token"]!, FhirBase)).Grant!.Scope);
    }

    [Fact]
    public async Task Refresh_with_a_broader_scope_is_refused()
    {
        using var app = App();
        var first = await Tokens(app, "launch offline_access patient/Observation.rs");

        var broader = await Refresh(app, first["refresh_token"]!, "patient/Observation.rs user/*.rs");

        Assert.Equal("invalid_scope", broader.Error);
    }

    [Fact]
    public async Task An_online_access_refresh_token_expires_with_the_session()
    {
        using var app = App();
        var first = await Tokens(app, "launch online_access patient/*.rs");
        Clock.Advance(SmartReasoning.Sandbox.Authorization.RefreshTokens.OnlineLifetime + TimeSpan.FromMinutes(1));

        var late = await Refresh(app, first["refresh_token"]!);

        Assert.Equal("invalid_grant", late.Error);
    }

    [Fact]
    public async Task A_confidential_client_must_authenticate_to_refresh()
    {
        using var app = App(SymmetricClient);
        var (code, verifier) = await app.CodeAsync("launch offline_access patient/*.rs", Launch());
        var tokens = await app.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Redirect, ["code_verifier"] = verifier,
        }, new BasicCredentials(SymmetricClient, Secret));
        Assert.Equal(200, (int)tokens.Status);

        var withoutAuthentication = await app.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"], ["client_id"] = SymmetricClient,
        });
        var authenticated = await app.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"] },
            new BasicCredentials(SymmetricClient, Secret));

        Assert.Equal(401, (int)withoutAuthentication.Status);
        Assert.Equal("invalid_client", withoutAuthentication.Error);
        Assert.Equal(200, (int)authenticated.Status);
    }

    [Fact]
    public async Task A_refresh_token_of_another_client_is_refused()
    {
        using var app = App();
        var first = await Tokens(app, "launch offline_access patient/*.rs");

        var stolen = await app.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = first["refresh_token"] },
            new BasicCredentials(SymmetricClient, Secret));

        Assert.Equal("invalid_grant", stolen.Error);
    }

    private async Task<TokenAnswer> Tokens(SmartTestApp app, string scope)
    {
        var (code, verifier) = await app.CodeAsync(scope, Launch());
        var tokens = await app.ExchangeAsync(code, verifier);
        Assert.NotNull(tokens["refresh_token"]);
        return tokens;
    }

    private static Task<TokenAnswer> Refresh(SmartTestApp app, string refreshToken, string? scope = null) => app.TokenAsync(new()
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = app.ClientId,
        ["scope"] = scope,
    });
}
