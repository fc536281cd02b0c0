using SmartReasoning.Reason.Model;
using static SmartReasoning.Tests.Reason.Model.ModelFixtures;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>The three ways of telling the endpoint who we are, and where the options come from.</summary>
public class ModelAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_key_mode_sends_the_api_key_header_and_no_authorization()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var key = MadeUpKey();
        await new ModelReasoner(Options(fake, ModelAuthentication.ApiKey, key)).ReasonAsync(Request(Context()), Ct);
        var request = fake.Single;
        Assert.Equal(key, request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task Bearer_mode_sends_authorization_and_no_api_key_header()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        var key = MadeUpKey();
        await new ModelReasoner(Options(fake, ModelAuthentication.Bearer, key)).ReasonAsync(Request(Context()), Ct);
        var request = fake.Single;
        Assert.Equal("Bearer " + key, request.Headers["authorization"]);
        Assert.False(request.Headers.ContainsKey("api-key"));
    }

    [Fact]
    public async Task Entra_mode_sends_a_token_for_the_cognitive_services_scope_as_bearer()
    {
        await using var fake = await FakeFoundry.StartAsync(https: true, FakeFoundry.Completion(Answer()));
        var token = "entra-" + MadeUpKey();
        var provider = new AuthenticationTokenProviderStub(token);
        var options = Options(fake, ModelAuthentication.Entra, tokens: provider);
        var result = await new ModelReasoner(new ModelOptions
        {
            Endpoint = options.Endpoint, Deployment = options.Deployment, Authentication = ModelAuthentication.Entra, TokenProvider = provider,
            Transport = fake.TrustingTransport, MaxRetries = 0,
        }).ReasonAsync(Request(Context()), Ct);
        Assert.True(ModelOutcome.Used == result.ModelOutcome, string.Join(" ", result.Notes));
        Assert.Equal("Bearer " + token, fake.Single.Headers["authorization"]);
        Assert.False(fake.Single.Headers.ContainsKey("api-key"));
        Assert.Contains(ModelOptions.EntraScope, provider.Scopes);
    }

    [Fact]
    public async Task No_Entra_token_is_reported_as_unauthorized_without_a_request()
    {
        await using var fake = await FakeFoundry.StartAsync(https: true, FakeFoundry.Completion(Answer()));
        var result = await new ModelReasoner(new ModelOptions
        {
            Endpoint = fake.Endpoint, Deployment = Deployment, Authentication = ModelAuthentication.Entra,
            TokenProvider = new AuthenticationTokenProviderStub(null), Transport = fake.TrustingTransport, MaxRetries = 0,
        }).ReasonAsync(Request(Context()), Ct);
        Assert.Equal(ModelOutcome.Unauthorized, result.ModelOutcome);
        Assert.Equal("The model was not used: the endpoint refused our credentials (no Entra ID token could be obtained).", Assert.Single(result.Notes));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Entra_mode_refuses_a_plain_http_endpoint_when_configured()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()));
        Assert.Throws<ArgumentException>(() => new ModelReasoner(Options(fake, ModelAuthentication.Entra, tokens: new AuthenticationTokenProviderStub("t"))));
        var env = new Dictionary<string, string>
        {
            [ModelOptions.EndpointVariable] = "http://model.example/openai/v1/", [ModelOptions.DeploymentVariable] = "m", [ModelOptions.AuthVariable] = "entra",
        };
        Assert.Throws<InvalidOperationException>(() => ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name)));
    }

    [Fact]
    public void Options_from_the_environment_are_null_without_an_endpoint()
    {
        Assert.Null(ModelOptions.FromEnvironment(_ => null));
        Assert.Null(ModelOptions.FromEnvironment(name => name == ModelOptions.DeploymentVariable ? "gpt" : " "));
    }

    [Fact]
    public void Options_from_the_environment_read_endpoint_deployment_key_and_mode_and_never_print_the_key()
    {
        var key = MadeUpKey();
        var env = new Dictionary<string, string>
        {
            [ModelOptions.EndpointVariable] = "https://example-resource.services.ai.azure.com/openai/v1/",
            [ModelOptions.DeploymentVariable] = "clinical-model",
            [ModelOptions.ApiKeyVariable] = key,
        };
        var options = ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name))!;
        Assert.Equal("clinical-model", options.Deployment);
        Assert.Equal(ModelAuthentication.ApiKey, options.Authentication);
        Assert.Equal(key, options.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(3, options.MaxRetries);
        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);

        env[ModelOptions.AuthVariable] = "bearer";
        Assert.Equal(ModelAuthentication.Bearer, ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name))!.Authentication);
        env.Remove(ModelOptions.ApiKeyVariable);
        env.Remove(ModelOptions.AuthVariable);
        Assert.Equal(ModelAuthentication.Entra, ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name))!.Authentication);
        env[ModelOptions.AuthVariable] = "api-key";
        var error = Assert.Throws<InvalidOperationException>(() => ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name)));
        Assert.Contains(ModelOptions.ApiKeyVariable, error.Message, StringComparison.Ordinal);
        env[ModelOptions.AuthVariable] = "password";
        Assert.Throws<InvalidOperationException>(() => ModelOptions.FromEnvironment(name => env.GetValueOrDefault(name)));
    }
}
