using System.Text.Json;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Authorization;

public sealed class IntrospectionAndRegistrationTests : AuthorizationServerHost
{
    [Fact]
    public async Task Introspection_tells_an_authenticated_caller_what_an_active_token_allows()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());
        var token = (await app.ExchangeAsync(code, verifier))["access_token"]!;

        using var response = await app.PostFormAsync("auth/introspect", new() { ["token"] = token }, bearer: token);
        var body = await Json(response);

        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("launch patient/*.rs", body.GetProperty("scope").GetString());
        Assert.Equal(PatientId, body.GetProperty("patient").GetString());
        Assert.Equal(PublicClient, body.GetProperty("client_id").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Introspection_says_inactive_for_garbage_and_refuses_anonymous_callers()
    {
        using var app = App();
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());
        var token = (await app.ExchangeAsync(code, verifier))["access_token"]!;

        using var garbage = await app.PostFormAsync("auth/introspect", new() { ["token"] = "not-a-token", ["client_id"] = PublicClient });
        using var anonymous = await app.PostFormAsync("auth/introspect", new() { ["token"] = token });

        Assert.False((await Json(garbage)).GetProperty("active").GetBoolean());
        Assert.Equal(401, (int)anonymous.StatusCode);
    }

    [Fact]
    public async Task A_dynamically_registered_public_client_completes_a_launch()
    {
        using var anonymous = App();
        using var response = await anonymous.PostJsonAsync("auth/register",
            """{"client_name":"Test app","redirect_uris":["http://127.0.0.1:9/cb"],"token_endpoint_auth_method":"none","scope":"launch patient/*.rs"}""");
        var registered = await Json(response);
        using var app = App(registered.GetProperty("client_id").GetString()!, "http://127.0.0.1:9/cb");

        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());
        var token = await app.ExchangeAsync(code, verifier);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.False(registered.TryGetProperty("client_secret", out _));
        Assert.Equal(200, (int)token.Status);
    }

    [Fact]
    public async Task A_registered_symmetric_client_gets_a_secret_that_works()
    {
        using var anonymous = App();
        using var response = await anonymous.PostJsonAsync("auth/register", """{"redirect_uris":["http://127.0.0.1:9/cb"]}""");
        var registered = await Json(response);
        var clientId = registered.GetProperty("client_id").GetString()!;
        using var app = App(clientId, "http://127.0.0.1:9/cb");
        var (code, verifier) = await app.CodeAsync("launch patient/*.rs", Launch());

        var token = await app.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = "http://127.0.0.1:9/cb", ["code_verifier"] = verifier },
            new BasicCredentials(clientId, registered.GetProperty("client_secret").GetString()!));

        Assert.Equal("client_secret_basic", registered.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal(200, (int)token.Status);
    }

    [Fact]
    public async Task A_registered_asymmetric_client_authenticates_with_its_inline_jwks()
    {
        using var keys = new ClientKeys();
        using var anonymous = App();
        using var response = await anonymous.PostJsonAsync("auth/register",
            $$"""{"grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt","jwks":{{keys.PublicJwks()}},"scope":"system/*.rs"}""");
        var clientId = (await Json(response)).GetProperty("client_id").GetString()!;

        var token = await anonymous.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Patient.rs",
            ["client_assertion_type"] = ClientAuthenticator.JwtBearerAssertionType,
            ["client_assertion"] = SmartTestApp.Assertion(clientId, anonymous.TokenUrl, keys.Rs384),
        });

        Assert.Equal(200, (int)token.Status);
        Assert.Equal("system/Patient.rs", token["scope"]);
    }

    [Theory]
    [InlineData("""{"redirect_uris":["http://example.org/cb"],"token_endpoint_auth_method":"none"}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["https://example.org/cb#frag"],"token_endpoint_auth_method":"none"}""", "invalid_redirect_uri")]
    [InlineData("""{"token_endpoint_auth_method":"none"}""", "invalid_redirect_uri")]
    [InlineData("""{"redirect_uris":["https://example.org/cb"],"token_endpoint_auth_method":"private_key_jwt"}""", "invalid_client_metadata")]
    [InlineData("""{"redirect_uris":["https://example.org/cb"],"token_endpoint_auth_method":"client_secret_post"}""", "invalid_client_metadata")]
    [InlineData("""{"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic"}""", "invalid_client_metadata")]
    [InlineData("""not json""", "invalid_client_metadata")]
    [InlineData("""[1,2]""", "invalid_client_metadata")]
    public async Task Bad_client_metadata_is_refused_with_an_rfc7591_error(string metadata, string error)
    {
        using var anonymous = App();

        using var response = await anonymous.PostJsonAsync("auth/register", metadata);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(error, (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public void Clients_file_entries_keep_their_id_and_secret_and_bad_entries_are_named()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            var good = Path.Combine(directory.FullName, "clients.json");
            File.WriteAllText(good, """[{"client_id":"app-a","redirect_uris":["http://127.0.0.1:5480/launch/callback"],"token_endpoint_auth_method":"none"},{"client_id":"app-b","client_secret":"s","redirect_uris":["https://example.org/cb"]}]""");
            var bad = Path.Combine(directory.FullName, "bad.json");
            File.WriteAllText(bad, """[{"client_id":"app-c","redirect_uris":["https://example.org/cb"]}]""");

            var clients = ClientMetadata.ReadFile(good);
            var error = Assert.Throws<InvalidDataException>(() => ClientMetadata.ReadFile(bad));

            Assert.Equal(["app-a", "app-b"], clients.Select(c => c.ClientId));
            Assert.Equal(ClientAuthenticationMethod.None, clients[0].AuthenticationMethod);
            Assert.Equal("s", clients[1].Secret);
            Assert.Contains("app-c", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}
