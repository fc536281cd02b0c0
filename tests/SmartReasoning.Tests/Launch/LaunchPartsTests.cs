using System.Text.Json;
using SmartReasoning.Launch;
using SmartReasoning.Tests.Sandbox.Authorization;

namespace SmartReasoning.Tests.Launch;

/// <summary>The launch's small parts on their own: scopes, endpoint resolution, token answers, state bookkeeping.</summary>
public sealed class LaunchPartsTests
{
    private static readonly LaunchConfig Config = new()
    {
        Name = "x",
        Issuer = "https://ehr.test/fhir",
        ClientId = "app",
        ClientType = LaunchClientType.Public,
        Scope = "openid launch launch/patient patient/*.rs",
        RedirectUri = "https://app.test/launch/callback",
    };

    [Fact]
    public void Ehr_launch_asks_for_launch_and_standalone_does_not()
    {
        Assert.Equal("launch openid launch/patient patient/*.rs", AuthorizeRequest.ScopeFor(Config with { Scope = "openid launch/patient patient/*.rs" }, ehrLaunch: true));
        Assert.Equal("openid launch/patient patient/*.rs", AuthorizeRequest.ScopeFor(Config, ehrLaunch: false));
    }

    [Theory]
    [InlineData("https://auth.test/authorize", "https://auth.test/authorize")]
    [InlineData("/oauth2/token", "https://ehr.test/oauth2/token")]
    [InlineData("auth/token", "https://ehr.test/fhir/auth/token")]
    [InlineData("http://auth.test/token", null)]
    [InlineData("http://127.0.0.1:8080/token", "http://127.0.0.1:8080/token")]
    [InlineData("javascript:alert(1)", null)]
    public void Discovered_endpoint_is_resolved_against_the_fhir_base_and_must_be_https_or_loopback(string value, string? expected)
    {
        Assert.Equal(expected, SmartDiscovery.Endpoint("https://ehr.test/fhir", value));
    }

    [Fact]
    public void Token_answer_is_read_with_its_context_and_an_expiry_from_expires_in()
    {
        var now = DateTimeOffset.UtcNow;
        using var json = JsonDocument.Parse("""
            {"access_token":"a","token_type":"bearer","expires_in":"600","scope":"launch patient/Patient.rs","patient":"p1","encounter":"e1",
             "fhirContext":["Observation/o1",{"reference":"ServiceRequest/s1","role":"order"},{"canonical":"http://q.test/Questionnaire/x|1","type":"Questionnaire"}],
             "need_patient_banner":false,"smart_style_url":"https://ehr.test/style","intent":"reconcile","tenant":"t1","appContext":{"k":1}}
            """);

        var answer = TokenResponse.Read(json.RootElement, now, "asked", LaunchStep.TokenExchange);

        Assert.Equal(now + TimeSpan.FromMinutes(10), answer.Tokens.ExpiresAt);
        Assert.Equal("launch patient/Patient.rs", answer.Tokens.Scope);
        Assert.Equal("p1", answer.Context.Patient);
        Assert.Equal("e1", answer.Context.Encounter);
        Assert.Equal(
            [new FhirContextEntry("Observation/o1", null, null, null), new FhirContextEntry("ServiceRequest/s1", null, null, "order"), new FhirContextEntry(null, "http://q.test/Questionnaire/x|1", "Questionnaire", null)],
            answer.Context.FhirContext);
        Assert.False(answer.Context.NeedPatientBanner);
        Assert.Equal("{\"k\":1}", answer.Context.AppContext);
        Assert.Equal("t1", answer.Context.Tenant);
        Assert.DoesNotContain("\"a\"", answer.Tokens.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"token_type":"Bearer"}""", "no access_token")]
    [InlineData("""{"access_token":"a","token_type":"mac"}""", "not Bearer")]
    [InlineData("""{"access_token":"a","token_type":"Bearer","expires_in":-5}""", "expires_in")]
    public void Unusable_token_answer_is_a_failure(string body, string says)
    {
        using var json = JsonDocument.Parse(body);

        var failure = Assert.Throws<LaunchFailure>(() => TokenResponse.Read(json.RootElement, DateTimeOffset.UtcNow, "s", LaunchStep.TokenExchange));

        Assert.Contains(says, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_answer_without_scope_or_expiry_keeps_the_asked_scope_and_assumes_a_short_life()
    {
        var now = DateTimeOffset.UtcNow;
        using var json = JsonDocument.Parse("""{"access_token":"a","token_type":"Bearer"}""");

        var answer = TokenResponse.Read(json.RootElement, now, "patient/*.rs", LaunchStep.TokenExchange);

        Assert.Equal("patient/*.rs", answer.Tokens.Scope);
        Assert.Equal(now + TokenResponse.AssumedLifetime, answer.Tokens.ExpiresAt);
        Assert.True(answer.Context.NeedPatientBanner);
    }

    [Fact]
    public void Pending_launch_is_taken_once_by_its_own_browser_before_it_expires()
    {
        var clock = new ManualClock();
        var sessions = new LaunchSessions(clock);
        PendingLaunch Pending(string state) => new()
        {
            State = state,
            BrowserSession = "browser-a",
            Config = Config,
            Server = new SmartServerConfiguration { FhirBase = Config.Issuer, TokenEndpoint = "https://ehr.test/token" },
            FhirBase = Config.Issuer,
            Pkce = PkceChallenge.New(),
            RequestedScope = Config.Scope,
            RedirectUri = Config.RedirectUri,
            ExpiresAt = clock.GetUtcNow() + LaunchSessions.PendingLifetime,
        };
        sessions.AddPending(Pending("s1"));
        sessions.AddPending(Pending("s2"));

        Assert.Contains("another browser", Assert.Throws<LaunchFailure>(() => sessions.TakePending("s1", "browser-b")).Message, StringComparison.Ordinal);
        Assert.Equal("s1", sessions.TakePending("s1", "browser-a").State);
        Assert.Contains("already completed", Assert.Throws<LaunchFailure>(() => sessions.TakePending("s1", "browser-a")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown state", Assert.Throws<LaunchFailure>(() => sessions.TakePending("s3", "browser-a")).Message, StringComparison.Ordinal);
        Assert.Contains("cookie", Assert.Throws<LaunchFailure>(() => sessions.TakePending("s2", null)).Message, StringComparison.Ordinal);
        clock.Advance(LaunchSessions.PendingLifetime);
        Assert.Contains("expired", Assert.Throws<LaunchFailure>(() => sessions.TakePending("s2", "browser-a")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Browser_that_starts_too_many_launches_loses_its_oldest()
    {
        var clock = new ManualClock();
        var sessions = new LaunchSessions(clock);
        for (var i = 0; i <= LaunchSessions.MaxPendingPerBrowser; i++)
        {
            sessions.AddPending(new PendingLaunch
            {
                State = $"s{i}",
                BrowserSession = "browser-a",
                Config = Config,
                Server = new SmartServerConfiguration { FhirBase = Config.Issuer, TokenEndpoint = "https://ehr.test/token" },
                FhirBase = Config.Issuer,
                Pkce = PkceChallenge.New(),
                RequestedScope = Config.Scope,
                RedirectUri = Config.RedirectUri,
                ExpiresAt = clock.GetUtcNow() + LaunchSessions.PendingLifetime,
            });
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Throws<LaunchFailure>(() => sessions.TakePending("s0", "browser-a"));
        Assert.Equal($"s{LaunchSessions.MaxPendingPerBrowser}", sessions.TakePending($"s{LaunchSessions.MaxPendingPerBrowser}", "browser-a").State);
    }

    [Fact]
    public void Pkce_verifier_is_43_unreserved_characters_and_the_challenge_its_sha256()
    {
        var pkce = PkceChallenge.New();

        Assert.Equal(43, pkce.Verifier.Length);
        Assert.All(pkce.Verifier, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(pkce.Verifier))), pkce.Challenge);
        Assert.NotEqual(pkce.Verifier, PkceChallenge.New().Verifier);
    }
}
