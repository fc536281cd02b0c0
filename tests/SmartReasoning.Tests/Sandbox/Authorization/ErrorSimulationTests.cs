using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>Each simulated failure really happens, at the step where a real EHR would fail.</summary>
public sealed class ErrorSimulationTests : AuthorizationServerHost
{
    private const string Scope = "launch offline_access patient/*.rs";

    [Theory]
    [InlineData(SimulatedError.InvalidClient)]
    [InlineData(SimulatedError.InvalidRedirectUri)]
    public async Task Client_and_redirect_errors_stop_at_an_error_page(SimulatedError error)
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, LaunchSimulating(error)));

        Assert.Equal(400, (int)answer.Status);
        Assert.Null(answer.Location);
    }

    [Fact]
    public async Task Invalid_scope_is_returned_to_the_app()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, LaunchSimulating(SimulatedError.InvalidScope)));

        Assert.Equal("invalid_scope", answer.Query["error"]);
    }

    [Fact]
    public async Task Expired_code_is_refused_at_the_token_endpoint()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, LaunchSimulating(SimulatedError.ExpiredCode));

        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task Expired_refresh_token_is_refused_at_refresh()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, LaunchSimulating(SimulatedError.ExpiredRefreshToken));
        var tokens = await app.ExchangeAsync(code, verifier);

        var refreshed = await app.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens["refresh_token"], ["client_id"] = PublicClient });

        Assert.Equal(200, (int)tokens.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Theory]
    [InlineData(SimulatedError.InvalidAccessToken, "not valid")]
    [InlineData(SimulatedError.ExpiredAccessToken, "expired")]
    public async Task Access_token_errors_appear_when_the_token_is_used(SimulatedError error, string reason)
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync(Scope, LaunchSimulating(error));
        var tokens = await app.ExchangeAsync(code, verifier);

        var check = await AccessTokens.ValidateAsync(tokens["access_token"]!, FhirBase);

        Assert.Equal(200, (int)tokens.Status);
        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Error, StringComparison.Ordinal);
    }

    private string LaunchSimulating(SimulatedError error) => Launch(new LaunchContext { Patient = PatientId, SimulatedError = error });
}

public sealed class SandboxWideErrorSimulationTests : AuthorizationServerHost
{
    protected override SandboxOptions Options => base.Options with { SimulatedError = SimulatedError.InvalidScope };

    [Fact]
    public async Task A_sandbox_wide_simulated_error_applies_to_standalone_launches_too()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters("launch/patient patient/*.rs", challenge));

        Assert.Equal("invalid_scope", answer.Query["error"]);
    }
}
