using System.Net;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Launch;

/// <summary>Complete launches against the sandbox EHR, through SmartReasoning's HTTP endpoints, with a browser played by hand.</summary>
public sealed class LaunchProtocolTests
{
    public static TheoryData<LaunchClientType, string> ClientTypes => new()
    {
        { LaunchClientType.Public, "ES384" },
        { LaunchClientType.ConfidentialSymmetric, "ES384" },
        { LaunchClientType.ConfidentialAsymmetric, "ES384" },
        { LaunchClientType.ConfidentialAsymmetric, "RS384" },
    };

    [Theory]
    [MemberData(nameof(ClientTypes))]
    public async Task Standalone_launch_with_each_client_type_reads_the_patient_and_refreshes_before_expiry(LaunchClientType clientType, string algorithm)
    {
        await using var host = await LaunchHost.StartAsync(clientType, algorithm);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.StandaloneLaunch);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(LaunchEndpoints.AppPath, page.Url.AbsolutePath);
        Assert.Equal(LaunchHost.PatientName, page.Element("patient-name"));
        var session = host.SessionOf(page, browser);
        Assert.Equal(LaunchHost.PatientId, session.Context.Patient);
        Assert.Equal(0, session.Refreshes);

        // A minute before the hour-long token expires, the next use refreshes it first (by expires_in alone).
        host.Clock.Advance(TimeSpan.FromMinutes(59.5));
        var again = await browser.GoAsync(page.Url.AbsoluteUri);

        Assert.Equal(LaunchHost.PatientName, again.Element("patient-name"));
        Assert.Equal(1, session.Refreshes);
    }

    [Fact]
    public async Task Ehr_launch_from_the_chart_sends_a_complete_authorize_request_and_opens_that_patient()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.ChartLaunch(LaunchHost.OtherPatientId));

        Assert.Equal(LaunchHost.OtherPatientName, page.Element("patient-name"));
        var launch = browser.QueryOf(host.ServiceBase + LaunchEndpoints.LaunchPath);
        var authorize = browser.QueryOf(host.SandboxRoot + "/auth/authorize");
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal(host.Config.ClientId, authorize["client_id"]);
        Assert.Equal(host.Config.RedirectUri, authorize["redirect_uri"]);
        Assert.Equal(launch["iss"], authorize["aud"]);
        Assert.Equal(launch["launch"], authorize["launch"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(43, authorize["code_challenge"].Length);
        Assert.True(authorize["state"].Length >= 22, "state carries at least 128 bits");
        Assert.True(authorize["nonce"].Length >= 22, "openid asks for a nonce");
        Assert.Contains("launch", authorize["scope"].Split(' '));
        Assert.DoesNotContain(authorize.Keys, k => k is "code_verifier");
    }

    [Fact]
    public async Task Launch_context_from_the_ehr_is_kept_on_the_session()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.EhrLaunch(new LaunchContext
        {
            Patient = LaunchHost.PatientId,
            Encounter = "enc-1",
            FhirUser = $"Practitioner/{LaunchHost.PractitionerId}",
            FhirContext = [new FhirContextItem("ServiceRequest/sr-1", "order")],
            Intent = "review-findings",
            NeedPatientBanner = false,
            SmartStyleUrl = "http://127.0.0.1:1/style.json",
            Tenant = "north",
            AppContext = "{\"finding\":\"egfr-metformin\"}",
        }));

        var context = host.SessionOf(page, browser).Context;
        Assert.Equal(LaunchHost.PatientId, context.Patient);
        Assert.Equal("enc-1", context.Encounter);
        Assert.Equal(new FhirContextEntry("ServiceRequest/sr-1", null, null, "order"), Assert.Single(context.FhirContext));
        Assert.Equal("review-findings", context.Intent);
        Assert.False(context.NeedPatientBanner);
        Assert.Equal("http://127.0.0.1:1/style.json", context.SmartStyleUrl);
        Assert.Equal("north", context.Tenant);
        Assert.Equal("{\"finding\":\"egfr-metformin\"}", context.AppContext);
        Assert.Equal($"{host.FhirBase}/Practitioner/{LaunchHost.PractitionerId}", context.FhirUser);
        Assert.Contains("<dd>review-findings</dd>", page.Html, StringComparison.Ordinal);
    }
}
