namespace SmartReasoning.Tests.Sandbox.Authorization;

/// <summary>The authorize endpoint refuses every malformed or foreign request, and never redirects to an unregistered URI.</summary>
public sealed class AuthorizeRequestTests : AuthorizationServerHost
{
    private const string Scope = "launch patient/*.rs";

    [Fact]
    public async Task Unknown_client_gets_an_error_page_not_a_redirect()
    {
        using var app = App("no-such-client");
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, Launch()));

        Assert.Equal(400, (int)answer.Status);
        Assert.Null(answer.Location);
        Assert.Contains("not registered", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/callback/")]
    [InlineData("http://127.0.0.1:1/CALLBACK")]
    [InlineData("http://evil.example/callback")]
    public async Task Redirect_uri_that_is_not_exactly_registered_gets_an_error_page_not_a_redirect(string redirect)
    {
        using var app = App(redirect: redirect);
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters(Scope, challenge, Launch()));

        Assert.Equal(400, (int)answer.Status);
        Assert.Null(answer.Location);
    }

    [Theory]
    [InlineData("aud", "http://evil.example/fhir", "invalid_request")]
    [InlineData("aud", "FHIR_BASE/", "invalid_request")]
    [InlineData("aud", null, "invalid_request")]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("code_challenge_method", null, "invalid_request")]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("scope", null, "invalid_scope")]
    [InlineData("scope", "system/*.rs", "invalid_scope")]
    [InlineData("scope", "patient/*.rs", "invalid_scope")]
    [InlineData("launch", "forged-launch-id", "invalid_request")]
    public async Task A_bad_parameter_is_refused_by_redirect_with_an_oauth_error_and_the_state(string name, string? value, string error)
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();
        var parameters = app.AuthorizeParameters(Scope, challenge, Launch(), state: "s-42");
        parameters[name] = value?.Replace("FHIR_BASE", FhirBase, StringComparison.Ordinal);

        var answer = await app.AuthorizeAsync(parameters);

        Assert.Equal(302, (int)answer.Status);
        Assert.True(answer.RedirectsTo(Redirect));
        Assert.Equal(error, answer.Query["error"]);
        Assert.Equal("s-42", answer.Query["state"]);
        Assert.False(answer.Query.ContainsKey("code"));
    }

    [Fact]
    public async Task Missing_state_is_refused()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();
        var parameters = app.AuthorizeParameters(Scope, challenge, Launch());
        parameters["state"] = null;

        var answer = await app.AuthorizeAsync(parameters);

        Assert.Equal("invalid_request", answer.Query["error"]);
    }

    [Fact]
    public async Task A_launch_without_the_launch_scope_is_refused()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();

        var answer = await app.AuthorizeAsync(app.AuthorizeParameters("openid fhirUser patient/*.rs", challenge, Launch()));

        Assert.Equal("invalid_scope", answer.Query["error"]);
    }

    [Fact]
    public async Task A_parameter_given_twice_is_refused()
    {
        using var app = App();
        var (_, challenge) = SmartTestApp.NewPkce();
        var launch = Launch();
        var url = $"auth/authorize?response_type=code&client_id={PublicClient}&redirect_uri={Uri.EscapeDataString(Redirect)}&scope=launch&state=s"
            + $"&aud={Uri.EscapeDataString(FhirBase)}&aud={Uri.EscapeDataString("http://evil.example/fhir")}&code_challenge={challenge}&code_challenge_method=S256&launch={launch}";

        using var response = await app.GetAsync(url);

        Assert.Equal(302, (int)response.StatusCode);
        Assert.Contains("error=invalid_request", response.Headers.Location!.Query, StringComparison.Ordinal);
    }
}
