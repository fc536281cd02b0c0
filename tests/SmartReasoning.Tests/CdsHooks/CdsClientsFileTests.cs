using SmartReasoning.CdsHooks.Trust;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>The trusted CDS clients file: an array of {iss, jwks} or {iss, jku}, with optional tenant and fhirServers.</summary>
public sealed class CdsClientsFileTests
{
    [Fact]
    public void Inline_jwks_and_jku_entries_are_read()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var json = $$"""
            [
              {"iss": "https://ehr-a.example", "jwks": {{CdsTestHost.Jwks(key, "a-1").ToJsonString()}}, "tenant": "t1"},
              {"iss": "https://ehr-b.example", "jku": ["https://ehr-b.example/jwks.json"], "fhirServers": ["https://ehr-b.example/fhir"]}
            ]
            """;

        var clients = CdsClientsFile.Parse(json);

        Assert.Equal(2, clients.Count);
        Assert.Equal("a-1", Assert.Single(clients[0].Jwks!.Keys).Kid);
        Assert.Equal("t1", clients[0].Tenant);
        Assert.Equal(["https://ehr-b.example/jwks.json"], clients[1].JkuUrls);
        Assert.Equal(["https://ehr-b.example/fhir"], clients[1].FhirServers);
    }

    [Theory]
    [InlineData("{}", "expected a JSON array")]
    [InlineData("""[{"jku": ["https://x.example/jwks"]}]""", "has no \"iss\"")]
    [InlineData("""[{"iss": "https://x.example"}]""", "neither \"jwks\" nor \"jku\"")]
    [InlineData("""[{"iss": "https://x.example", "jku": ["file:///etc/keys"]}]""", "not an absolute http(s) URL")]
    [InlineData("""[{"iss": "https://x.example", "jwks": {"keys": []}}]""", "holds no keys")]
    [InlineData("[", "not JSON")]
    public void Invalid_file_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => CdsClientsFile.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_fhir_servers_match_exactly_and_refuse_tricks()
    {
        var registry = new CdsClientRegistry([new CdsClient { Issuer = "https://ehr.example", JkuUrls = ["https://ehr.example/jwks"], FhirServers = ["https://ehr.example/own/fhir"] }]);
        var allowed = new AllowedFhirServers(["https://fhir.example/r4/"], registry);
        var client = registry.Find("https://ehr.example");

        Assert.True(allowed.Allows("https://fhir.example/r4", null));
        Assert.True(allowed.Allows("https://fhir.example/r4/", null));
        Assert.True(allowed.Allows("https://ehr.example/own/fhir", client));
        Assert.False(allowed.Allows("https://ehr.example/own/fhir", null));
        Assert.False(allowed.Allows("https://fhir.example/r4/../admin", null));
        Assert.False(allowed.Allows("https://fhir.example/r4?x=1", null));
        Assert.False(allowed.Allows("https://user@fhir.example/r4", null));
        Assert.False(allowed.Allows("https://fhir.example.evil.test/r4", null));
        Assert.False(allowed.Allows("http://169.254.169.254/latest", null));
        Assert.False(allowed.Allows("file:///etc/passwd", null));
    }
}
