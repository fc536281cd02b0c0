using System.Net;
using SmartReasoning.Launch;

namespace SmartReasoning.Tests.Launch;

/// <summary>Launches against an EHR of our own that misbehaves on demand: discovery fallbacks, odd grants, bad id_tokens.</summary>
public sealed class FakeEhrLaunchTests
{
    [Fact]
    public async Task Launch_completes_against_a_well_behaved_fake_and_keeps_fhirUser()
    {
        await using var ehr = await FakeEhr.StartAsync();
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(FakeEhr.PatientName, page.Element("patient-name"));
        var session = Assert.Single(service.Sessions.OfBrowser(browser.SessionCookie(service.Base)!));
        Assert.Equal(ehr.FhirBase + "/Practitioner/fake-doc", session.Context.FhirUser);
    }

    [Fact]
    public async Task Different_scope_granted_is_the_one_kept()
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.GrantedScope = "openid fhirUser launch/patient patient/Patient.rs");
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr, "openid fhirUser launch/patient patient/*.rs offline_access");
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(FakeEhr.PatientName, page.Element("patient-name"));
        var session = Assert.Single(service.Sessions.OfBrowser(browser.SessionCookie(service.Base)!));
        Assert.Equal("openid fhirUser launch/patient patient/Patient.rs", session.GrantedScope);
        Assert.Equal("openid fhirUser launch/patient patient/*.rs offline_access", session.RequestedScope);
        Assert.Contains("<dd>openid fhirUser launch/patient patient/Patient.rs</dd>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_patient_when_launch_patient_was_asked_is_a_clear_error()
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.SendsPatient = false);
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("The EHR did not say which patient to open", page.Element("title"));
        Assert.Contains("launch/patient", page.Element("detail"), StringComparison.Ordinal);
        Assert.Empty(service.Sessions.OfBrowser(browser.SessionCookie(service.Base)!));
    }

    [Theory]
    [InlineData(FakeEhr.IdTokenKind.WrongKey, "signature")]
    [InlineData(FakeEhr.IdTokenKind.WrongAudience, "aud")]
    [InlineData(FakeEhr.IdTokenKind.WrongIssuer, "iss")]
    [InlineData(FakeEhr.IdTokenKind.WrongNonce, "nonce")]
    [InlineData(FakeEhr.IdTokenKind.Expired, "clocks")]
    [InlineData(FakeEhr.IdTokenKind.IssuedInFuture, "clock")]
    public async Task Untrustworthy_id_token_refuses_the_launch(FakeEhr.IdTokenKind kind, string named)
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.IdToken = kind);
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("The EHR's identity token was refused", page.Element("title"));
        Assert.Contains(named, page.Element("detail"), StringComparison.Ordinal);
        Assert.Empty(service.Sessions.OfBrowser(browser.SessionCookie(service.Base)!));
        Assert.Contains(service.Logs.Lines, l => l.Message.Contains("\"step\":\"IdToken\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovery_falls_back_to_the_capability_statement_and_resolves_relative_urls()
    {
        await using var ehr = await FakeEhr.StartAsync(e =>
        {
            e.ServesSmartConfiguration = false;
            e.RelativeEndpoints = true;
            e.IdToken = FakeEhr.IdTokenKind.None; // no jwks_uri without the .well-known document
        });
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(FakeEhr.PatientName, page.Element("patient-name"));
        Assert.Contains(browser.Visited, u => u.AbsoluteUri.StartsWith(ehr.Root + "/auth/authorize?", StringComparison.Ordinal));
        Assert.Single(ehr.TokenRequests);
    }

    [Fact]
    public async Task Config_that_says_capability_statement_only_never_asks_for_the_well_known_document()
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.IdToken = FakeEhr.IdTokenKind.None);
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr, change: c => c with { Quirks = new LaunchQuirks { CapabilityStatementDiscoveryOnly = true } });
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(FakeEhr.PatientName, page.Element("patient-name"));
        Assert.Equal(0, ehr.SmartConfigurationCount);
        Assert.True(ehr.CapabilityStatementCount >= 1);
    }

    [Fact]
    public async Task Discovery_failure_is_a_clear_page_and_nothing_else_is_sent()
    {
        await using var ehr = await FakeEhr.StartAsync(e =>
        {
            e.ServesSmartConfiguration = false;
            e.ServesCapabilityStatement = false;
        });
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("The EHR's sign-in service could not be found", page.Element("title"));
        Assert.Contains("404", page.Element("detail"), StringComparison.Ordinal);
        Assert.Empty(ehr.AuthorizeRequests);
    }

    [Fact]
    public async Task Discovery_is_cached_until_it_expires()
    {
        await using var ehr = await FakeEhr.StartAsync();
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        await browser.GoAsync(service.StandaloneLaunch);
        await browser.GoAsync(service.StandaloneLaunch);
        var cached = ehr.SmartConfigurationCount;
        service.Clock.Advance(SmartDiscovery.CacheLifetime + TimeSpan.FromSeconds(1));
        await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(1, cached);
        Assert.Equal(2, ehr.SmartConfigurationCount);
    }

    [Fact]
    public async Task Pkce_is_sent_even_when_the_server_does_not_advertise_it()
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.AdvertisesPkce = false);
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(FakeEhr.PatientName, page.Element("patient-name"));
        var authorize = Assert.Single(ehr.AuthorizeRequests);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        var token = Assert.Single(ehr.TokenRequests);
        Assert.Equal(43, token["code_verifier"].Length);
        Assert.Equal(FakeEhr.ClientId, token["client_id"]);
    }

    [Fact]
    public async Task Invalid_grant_at_the_code_exchange_is_a_clear_page_without_the_code_in_the_log()
    {
        await using var ehr = await FakeEhr.StartAsync(e => e.TokenError = "invalid_grant");
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(service.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.BadGateway, page.Status);
        Assert.Equal("The EHR did not accept the sign-in", page.Element("title"));
        Assert.Contains("invalid_grant", page.Element("detail"), StringComparison.Ordinal);
        var code = Assert.Single(ehr.TokenRequests)["code"];
        Assert.DoesNotContain(code, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(code, service.Logs.All, StringComparison.Ordinal);
        Assert.Contains("\"oauthError\":\"invalid_grant\"", service.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iss_not_in_the_configs_is_refused_before_anything_is_sent_to_it()
    {
        await using var ehr = await FakeEhr.StartAsync();
        await using var service = await ServiceUnderTest.StartAsync();
        using var browser = new TestBrowser();

        var page = await browser.GoAsync($"{service.Base}{LaunchEndpoints.LaunchPath}?iss={Uri.EscapeDataString(ehr.FhirBase)}&launch=abc");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("SmartReasoning is not set up for this EHR", page.Element("title"));
        Assert.Equal(0, ehr.RequestCount);
        var problem = Assert.Single(service.Logs.Lines, l => l.Message.StartsWith("Launch failed:", StringComparison.Ordinal));
        Assert.Contains("\"status\":400", problem.Message, StringComparison.Ordinal);
        Assert.Contains("\"step\":\"Configuration\"", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Launch SmartReasoning from the EHR")]
    [InlineData("?config=nope", "No launch config is named")]
    [InlineData("?iss=not-a-url", "not an absolute")]
    [InlineData("?launch=abc", "has no iss")]
    public async Task Launch_without_a_usable_server_is_a_400_page(string query, string says)
    {
        await using var service = await ServiceUnderTest.StartAsync();
        using var browser = new TestBrowser();

        var page = await browser.GoAsync($"{service.Base}{LaunchEndpoints.LaunchPath}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(says, page.Element("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_and_iss_that_disagree_are_refused()
    {
        await using var ehr = await FakeEhr.StartAsync();
        await using var service = await ServiceUnderTest.StartAsync();
        service.Configure(ehr);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync($"{service.Base}{LaunchEndpoints.LaunchPath}?config=fake&iss={Uri.EscapeDataString("http://127.0.0.1:1/fhir")}");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, ehr.RequestCount);
    }
}
