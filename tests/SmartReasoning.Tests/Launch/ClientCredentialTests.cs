using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using SmartReasoning.Launch;

namespace SmartReasoning.Tests.Launch;

/// <summary>Our keys and secrets: the published JWK Set, keys from the environment, missing secrets, and what never reaches the log.</summary>
public sealed class ClientCredentialTests
{
    [Fact]
    public async Task Jwks_publishes_public_rs384_and_es384_keys_with_thumbprint_kids()
    {
        await using var host = await LaunchHost.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(host.ServiceBase + LaunchEndpoints.JwksPath), TestContext.Current.CancellationToken);
        using var jwks = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(["RS384", "ES384"], keys.Select(k => k.GetProperty("alg").GetString()));
        Assert.All(keys, k => Assert.Equal(43, k.GetProperty("kid").GetString()!.Length));
        Assert.All(keys, k => Assert.False(k.TryGetProperty("d", out _), "no private member is published"));
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task Private_key_from_the_environment_signs_the_assertion_and_is_published(string algorithm)
    {
        using AsymmetricAlgorithm key = algorithm == "RS384" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pem = key is RSA rsa ? rsa.ExportPkcs8PrivateKeyPem() : ((ECDsa)key).ExportPkcs8PrivateKeyPem();
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric, algorithm,
            config: c => c with { PrivateKeyEnvironmentVariable = "SR_TEST_PRIVATE_KEY" });
        host.Environment["SR_TEST_PRIVATE_KEY"] = pem;
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.StandaloneLaunch);
        var jwks = await browser.GoAsync(host.ServiceBase + LaunchEndpoints.JwksPath);

        Assert.Equal(LaunchHost.PatientName, page.Element("patient-name"));
        Assert.Equal(3, JsonDocument.Parse(jwks.Html).RootElement.GetProperty("keys").GetArrayLength());
        Assert.Contains(host.ServiceGet<AppSigningKeys>().For(host.Config).Key.KeyId, jwks.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(pem, host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_client_secret_is_reported_before_the_user_is_sent_to_sign_in()
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialSymmetric);
        host.Environment.Clear();
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Contains(LaunchHost.SecretVariable, page.Element("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath == "/auth/authorize");
    }

    [Fact]
    public async Task Pem_that_is_not_a_key_is_a_configuration_error()
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialAsymmetric, config: c => c with { PrivateKeyEnvironmentVariable = "SR_TEST_PRIVATE_KEY" });
        // PEM armour around text that is no key (assembled, so that secret scanners do not mistake this file for a key).
        const string Label = "PRIVATE" + " KEY";
        host.Environment["SR_TEST_PRIVATE_KEY"] = $"-----BEGIN {Label}-----\nnot a key\n-----END {Label}-----";
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Contains("SR_TEST_PRIVATE_KEY", page.Element("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("not a key", host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_code_token_or_secret_reaches_the_log_in_a_launch_with_a_refresh_and_a_replay()
    {
        await using var host = await LaunchHost.StartAsync(LaunchClientType.ConfidentialSymmetric);
        using var browser = new TestBrowser();
        var callback = (await browser.GoAsync(host.StandaloneLaunch, host.IsCallback)).StoppedAt!;
        var page = await browser.GoAsync(callback.AbsoluteUri);
        var session = host.SessionOf(page, browser);
        var first = session.Tokens;
        host.Clock.Advance(TimeSpan.FromMinutes(59.5));
        await browser.GoAsync(page.Url.AbsoluteUri);
        await browser.GoAsync(callback.AbsoluteUri); // a replay: logged as a problem

        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        string[] secrets = [code, first.AccessToken, first.RefreshToken!, first.IdToken!, session.Tokens.AccessToken, session.Tokens.RefreshToken!, host.Environment[LaunchHost.SecretVariable]];
        Assert.Equal(1, session.Refreshes);
        Assert.Contains(host.Logs.Lines, l => l.Message.StartsWith("Launch failed:", StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain(s, host.Logs.All, StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain(s, page.Html, StringComparison.Ordinal));
        Assert.DoesNotContain(first.AccessToken, session.ToString() + session.Tokens + first, StringComparison.Ordinal);
    }
}
