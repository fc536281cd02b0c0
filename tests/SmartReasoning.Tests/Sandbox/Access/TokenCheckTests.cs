using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>Every FHIR request but the capability statement and discovery needs a valid access token: 401 otherwise.</summary>
public sealed class TokenCheckTests : EnforcingSandbox
{
    private const string Scope = "patient/*.rs";

    private async Task AssertInvalidTokenAsync(string token, string description)
    {
        var (response, body) = await GetAsync("Patient/alice", token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer realm=", challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("error_description=", challenge, StringComparison.Ordinal);
        Assert.Contains(description, body.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        Assert.Equal("OperationOutcome", body.GetProperty("resourceType").GetString());
        Assert.DoesNotContain(token, body.GetRawText(), StringComparison.Ordinal);
    }

    private string HandMade(SigningCredentials credentials, DateTime issued, DateTime expires, string? audience = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience ?? FhirBase,
            Issuer = Root,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            TokenType = "at+jwt",
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N"), ["client_id"] = "test-app", ["scope"] = Scope, ["patient"] = "alice" },
        });

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task A_valid_token_reads_the_resource()
    {
        var (response, body) = await GetAsync("Patient/alice", Token(Scope));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("Patient/alice")]
    [InlineData("Observation?patient=alice")]
    [InlineData("Patient/alice/$everything")]
    [InlineData("Patient/alice/_history")]
    public async Task A_request_without_a_token_gets_401_with_a_bearer_challenge_and_no_data(string path)
    {
        var (response, body) = await GetAsync(path, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer realm=\"{FhirBase}\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("OperationOutcome", body.GetProperty("resourceType").GetString());
        Assert.Equal("login", body.GetProperty("issue")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Writes_without_a_token_get_401_and_change_nothing()
    {
        var (created, _) = await SendAsync(HttpMethod.Post, "Observation", null, Observation(null, "alice", "laboratory", "1"));
        var (deleted, _) = await SendAsync(HttpMethod.Delete, "Observation/obs-alice-lab", null);
        var (bundle, _) = await SendAsync(HttpMethod.Post, "", null, """{"resourceType":"Bundle","type":"batch","entry":[]}""");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { created.StatusCode, deleted.StatusCode, bundle.StatusCode });
        Assert.Equal(3, Store.Current("Observation").Count);
        Assert.False(Store.Read("Observation", "obs-alice-lab")!.IsDeleted);
    }

    [Fact]
    public async Task Another_authorization_scheme_counts_as_no_token()
    {
        var (response, _) = await SendAsync(HttpMethod.Get, "Patient/alice", null, r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("error=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_capability_statement_and_discovery_need_no_token()
    {
        var (metadata, body) = await GetAsync("metadata", token: null);
        var (discovery, _) = await GetAsync(".well-known/smart-configuration", token: null);

        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal("CapabilityStatement", body.GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var keys = Services.GetRequiredService<SigningKeys>();
        var now = DateTime.UtcNow;
        await AssertInvalidTokenAsync(HandMade(keys.RsaCredentials, now.AddHours(-2), now.AddHours(-1)), "expired");
    }

    [Fact]
    public async Task A_token_expiring_at_this_second_is_already_refused_without_clock_skew()
    {
        var keys = Services.GetRequiredService<SigningKeys>();
        var now = DateTime.UtcNow;
        await AssertInvalidTokenAsync(HandMade(keys.RsaCredentials, now.AddMinutes(-10), now.AddSeconds(-1)), "expired");
    }

    [Fact]
    public async Task A_token_with_a_changed_payload_is_refused()
    {
        var parts = Token(Scope).Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"patient\":\"alice\"", "\"patient\":\"bob\"", StringComparison.Ordinal);
        Assert.Contains("\"patient\":\"bob\"", payload, StringComparison.Ordinal);

        await AssertInvalidTokenAsync($"{parts[0]}.{Base64Url(payload)}.{parts[2]}", "not valid");
    }

    [Fact]
    public async Task A_token_with_a_flipped_signature_character_is_refused()
    {
        var token = Token(Scope);
        var at = token.LastIndexOf('.') + 10;
        await AssertInvalidTokenAsync(token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..], "not valid");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        await AssertInvalidTokenAsync(Token(Scope, audience: "http://127.0.0.1:1/fhir"), "audience");
        // The same server by another name is another audience: the exact FHIR base the client calls.
        await AssertInvalidTokenAsync(Token(Scope, audience: FhirBase.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), "audience");
        await AssertInvalidTokenAsync(Token(Scope, audience: Root), "audience");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"none","typ":"at+jwt"}""");
        var payload = Base64Url($$"""{"aud":"{{FhirBase}}","iss":"{{Root}}","exp":{{exp}},"jti":"x","client_id":"test-app","scope":"{{Scope}}","patient":"alice"}""");

        await AssertInvalidTokenAsync($"{header}.{payload}.", "not valid");
    }

    [Fact]
    public async Task A_token_signed_with_another_algorithm_or_key_is_refused()
    {
        var keys = Services.GetRequiredService<SigningKeys>();
        var now = DateTime.UtcNow;
        // The sandbox's own key, but RS384: only RS256 is accepted.
        await AssertInvalidTokenAsync(HandMade(new SigningCredentials(keys.Rsa, SecurityAlgorithms.RsaSha384), now, now.AddMinutes(5)), "not valid");
        // HS256 keyed with the public modulus (the algorithm-confusion attack).
        var modulus = Base64UrlEncoder.DecodeBytes(keys.Jwks()["keys"]![0]!["n"]!.GetValue<string>());
        await AssertInvalidTokenAsync(HandMade(new SigningCredentials(new SymmetricSecurityKey(modulus), SecurityAlgorithms.HmacSha256), now, now.AddMinutes(5)), "not valid");
        // RS256 with a key the sandbox never made.
        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        await AssertInvalidTokenAsync(HandMade(new SigningCredentials(new RsaSecurityKey(stranger), SecurityAlgorithms.RsaSha256), now, now.AddMinutes(5)), "not valid");
        // The CDS Hooks key (ES384) is the sandbox's too, but does not sign access tokens.
        await AssertInvalidTokenAsync(HandMade(keys.EcCredentials, now, now.AddMinutes(5)), "not valid");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("....")]
    public async Task Garbage_tokens_are_refused(string token) => await AssertInvalidTokenAsync(token, "not valid");

    [Fact]
    public async Task A_revoked_token_is_refused()
    {
        var grant = Grant(Scope);
        var token = Tokens.Issue(grant, Root, FhirBase);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Patient/alice", token)).Response.StatusCode);

        Tokens.Revoke(grant.TokenId, grant.ExpiresAt);

        await AssertInvalidTokenAsync(token, "revoked");
    }

    [Theory]
    [InlineData(SimulatedError.InvalidAccessToken, "not valid")]
    [InlineData(SimulatedError.ExpiredAccessToken, "expired")]
    public async Task Simulated_token_errors_are_refused_as_the_real_ones(SimulatedError simulate, string description) =>
        await AssertInvalidTokenAsync(Token(Scope, simulate: simulate), description);
}

/// <summary>An open sandbox (<c>--open</c>) serves without a token and ignores one that is given.</summary>
public sealed class OpenSandboxTests : SmartReasoning.Tests.Sandbox.FhirServer.SandboxHost
{
    [Fact]
    public async Task An_open_sandbox_ignores_missing_and_invalid_tokens()
    {
        Store.Write(new SmartReasoning.Fhir.Model.Patient { Id = "p" });
        var (anonymous, _) = await GetAsync("Patient/p");
        var (garbage, _) = await SendAsync(HttpMethod.Get, "Patient/p", null, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage"));

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
    }
}
