using System.Text.Json;

namespace SmartReasoning.Tests.Sandbox.Authorization;

public sealed class DiscoveryTests : AuthorizationServerHost
{
    [Theory]
    [InlineData(".well-known/smart-configuration")]
    [InlineData("fhir/.well-known/smart-configuration")]
    public async Task Smart_configuration_is_served_from_the_root_and_the_fhir_base_with_S256_only(string path)
    {
        using var app = App();
        using var response = await app.GetAsync(path);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Root + "/auth/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(Root + "/auth/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal(Root + "/auth/register", doc.GetProperty("registration_endpoint").GetString());
        Assert.Equal(Root + "/.well-known/jwks.json", doc.GetProperty("jwks_uri").GetString());
        Assert.Equal(["S256"], Strings(doc, "code_challenge_methods_supported"));
        Assert.Equal(["RS384", "ES384"], Strings(doc, "token_endpoint_auth_signing_alg_values_supported"));
        Assert.Contains("private_key_jwt", Strings(doc, "token_endpoint_auth_methods_supported"));
        Assert.Contains("client_secret_basic", Strings(doc, "token_endpoint_auth_methods_supported"));
        foreach (var capability in new[] { "launch-ehr", "launch-standalone", "authorize-post", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient", "context-standalone-patient", "sso-openid-connect", "permission-v1", "permission-v2", "permission-offline" })
            Assert.Contains(capability, Strings(doc, "capabilities"));
    }

    [Fact]
    public async Task Capability_statement_names_the_oauth_endpoints()
    {
        var (_, body) = await GetAsync("metadata");

        var security = body.GetProperty("rest")[0].GetProperty("security");
        var oauth = security.GetProperty("extension")[0];
        Assert.Equal("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris", oauth.GetProperty("url").GetString());
        var uris = oauth.GetProperty("extension").EnumerateArray().ToDictionary(e => e.GetProperty("url").GetString()!, e => e.GetProperty("valueUri").GetString());
        Assert.Equal(Root + "/auth/authorize", uris["authorize"]);
        Assert.Equal(Root + "/auth/token", uris["token"]);
        Assert.Equal("SMART-on-FHIR", security.GetProperty("service")[0].GetProperty("coding")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Jwks_publishes_public_keys_only()
    {
        using var app = App();
        using var response = await app.GetAsync(".well-known/jwks.json");
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("keys");

        Assert.Equal(["RS256", "ES384"], keys.EnumerateArray().Select(k => k.GetProperty("alg").GetString()));
        foreach (var key in keys.EnumerateArray())
        {
            Assert.False(key.TryGetProperty("d", out _));
            Assert.False(key.TryGetProperty("p", out _));
        }
    }

    private static string[] Strings(JsonElement doc, string name) => [.. doc.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? "")];
}
