using System.Text.Json;
using SmartReasoning.Launch;

namespace SmartReasoning.Tests.Launch;

/// <summary>The committed launch configs validate against their schema and load into the catalogue.</summary>
public sealed class LaunchConfigFilesTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "launch-configs");

    public static TheoryData<string> ConfigFiles() =>
        [.. Directory.EnumerateFiles(Folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Each_launch_config_validates_against_the_schema(string file)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));

        var errors = JsonSchemaSubset.Validate(Schema().RootElement, config.RootElement);

        Assert.Empty(errors);
    }

    [Fact]
    public void The_catalogue_loads_every_config_and_finds_them_by_exact_issuer()
    {
        var catalogue = LaunchConfigCatalogue.Load(Folder);

        Assert.Equal(["epic-sandbox", "local-sandbox", "oracle-health-sandbox", "smart-health-it"], catalogue.All.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("local-sandbox", catalogue.FindByIssuer("http://127.0.0.1:5490/fhir/")?.Name);
        Assert.Null(catalogue.FindByIssuer("http://127.0.0.1:5490/fhir/other"));
        Assert.Null(catalogue.FindByIssuer("http://127.0.0.1:5491/fhir"));
        Assert.True(catalogue.FindByName("epic-sandbox")!.Quirks.OpaqueAccessTokens);
    }

    [Fact]
    public void No_config_holds_a_secret_or_a_private_key()
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"clientSecret\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"d\":", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"clientId":"a","clientType":"public","scope":"launch","redirectUri":"https://app.example/cb"}""", "'issuer' is required", "issuer is required")]
    [InlineData("""{"issuer":"http://ehr.example/fhir","clientId":"a","clientType":"public","scope":"launch","redirectUri":"https://app.example/cb"}""", "does not match", "absolute https URL")]
    [InlineData("""{"issuer":"https://ehr.example/fhir","clientId":"a","clientType":"secret","scope":"launch","redirectUri":"https://app.example/cb"}""", "is not one of", "clientType 'secret'")]
    [InlineData("""{"issuer":"https://ehr.example/fhir","clientId":"a","clientType":"public","scope":"launch","redirectUri":"https://app.example/cb","clientSecret":"x"}""", "'clientSecret' is not allowed", "unknown property 'clientSecret'")]
    [InlineData("""{"issuer":"https://ehr.example/fhir","clientId":"a","clientType":"public","scope":"launch","redirectUri":"https://app.example/cb","quirks":{"fast":true}}""", "'fast' is not allowed", "unknown quirk 'fast'")]
    public void A_bad_config_is_refused_by_both_the_schema_and_the_catalogue(string json, string schemaError, string catalogueError)
    {
        using var config = JsonDocument.Parse(json);

        var errors = JsonSchemaSubset.Validate(Schema().RootElement, config.RootElement);
        var refusal = Assert.Throws<LaunchConfigException>(() => LaunchConfigCatalogue.Parse("bad", config.RootElement));

        Assert.Contains(errors, e => e.Contains(schemaError, StringComparison.Ordinal));
        Assert.Contains(catalogueError, refusal.Message, StringComparison.Ordinal);
    }

    private static JsonDocument Schema() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "launch-config.schema.json")));
}
