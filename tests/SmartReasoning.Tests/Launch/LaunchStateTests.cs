using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Launch;

/// <summary>State, the browser session and concurrent launches: answers that do not belong to a launch of this browser are refused.</summary>
public sealed class LaunchStateTests
{
    [Fact]
    public async Task Tampered_state_is_refused_and_the_genuine_answer_still_completes()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var stopped = await browser.GoAsync(host.StandaloneLaunch, host.IsCallback);
        var callback = stopped.StoppedAt!;
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tamperedState = (state[0] == 'A' ? 'B' : 'A') + state[1..];

        var tampered = await browser.GoAsync(QueryHelpers.AddQueryString(host.ServiceBase + LaunchEndpoints.CallbackPath,
            new Dictionary<string, string?> { ["code"] = query["code"], ["state"] = tamperedState }));
        var genuine = await browser.GoAsync(callback.AbsoluteUri);

        Assert.Equal(HttpStatusCode.BadRequest, tampered.Status);
        Assert.Contains("did not start", tampered.Element("detail"), StringComparison.Ordinal);
        Assert.Equal(LaunchHost.PatientName, genuine.Element("patient-name"));
    }

    [Fact]
    public async Task Replayed_state_is_refused_after_the_launch_completed()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var callback = (await browser.GoAsync(host.StandaloneLaunch, host.IsCallback)).StoppedAt!;
        var first = await browser.GoAsync(callback.AbsoluteUri);

        var replay = await browser.GoAsync(callback.AbsoluteUri);

        Assert.Equal(LaunchHost.PatientName, first.Element("patient-name"));
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Contains("already completed", replay.Element("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_delivered_to_another_browser_is_refused()
    {
        await using var host = await LaunchHost.StartAsync();
        using var victim = new TestBrowser();
        using var attacker = new TestBrowser();
        var callback = (await attacker.GoAsync(host.StandaloneLaunch, host.IsCallback)).StoppedAt!;
        await victim.GoAsync(host.ServiceBase + "/health"); // the victim has been here before, but has no cookie for this launch

        var page = await victim.GoAsync(callback.AbsoluteUri);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Empty(host.Sessions.OfBrowser(attacker.SessionCookie(host.ServiceBase)!));
    }

    [Fact]
    public async Task Launch_page_of_one_browser_cannot_be_opened_in_another()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        using var other = new TestBrowser();
        var page = await browser.GoAsync(host.StandaloneLaunch);

        var elsewhere = await other.GoAsync(page.Url.AbsoluteUri);

        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);
        Assert.DoesNotContain(LaunchHost.PatientName, elsewhere.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_launches_in_one_browser_for_two_patients_do_not_collide()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        // Both sign-ins are under way before either answer comes back; the second answer arrives first.
        var first = (await browser.GoAsync(host.ChartLaunch(LaunchHost.PatientId), host.IsCallback)).StoppedAt!;
        var second = (await browser.GoAsync(host.ChartLaunch(LaunchHost.OtherPatientId), host.IsCallback)).StoppedAt!;

        var secondPage = await browser.GoAsync(second.AbsoluteUri);
        var firstPage = await browser.GoAsync(first.AbsoluteUri);

        Assert.Equal(LaunchHost.OtherPatientName, secondPage.Element("patient-name"));
        Assert.Equal(LaunchHost.PatientName, firstPage.Element("patient-name"));
        Assert.NotEqual(firstPage.Query["launch"], secondPage.Query["launch"]);
        // Each page keeps its own patient afterwards.
        Assert.Equal(LaunchHost.OtherPatientName, (await browser.GoAsync(secondPage.Url.AbsoluteUri)).Element("patient-name"));
        Assert.Equal(2, host.Sessions.OfBrowser(browser.SessionCookie(host.ServiceBase)!).Count);
    }

    [Fact]
    public async Task Access_denied_in_the_callback_gives_a_clear_page_and_a_problem_log_line()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var authorize = (await browser.GoAsync(host.StandaloneLaunch, u => u.AbsolutePath == "/auth/authorize")).StoppedAt!;
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();

        var page = await browser.GoAsync(QueryHelpers.AddQueryString(host.ServiceBase + LaunchEndpoints.CallbackPath, new Dictionary<string, string?>
        {
            ["error"] = "access_denied",
            ["error_description"] = "The user <b>declined</b>",
            ["state"] = state,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("Access to the record was not allowed", page.Element("title"));
        Assert.Contains("access_denied", page.Element("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>declined", page.Html, StringComparison.Ordinal);
        var problem = Assert.Single(host.Logs.Lines, l => l.Message.StartsWith("Launch failed:", StringComparison.Ordinal));
        Assert.Contains("\"oauthError\":\"access_denied\"", problem.Message, StringComparison.Ordinal);
        Assert.Contains("\"instance\":\"/launch/callback\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_requests_at_once_after_expiry_share_one_refresh()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();
        var session = host.SessionOf(await browser.GoAsync(host.StandaloneLaunch), browser);
        var refresher = host.ServiceGet<TokenRefresher>();
        var before = (await refresher.AccessAsync(session, TestContext.Current.CancellationToken)).AccessToken;
        host.Clock.Advance(TimeSpan.FromMinutes(59.5));

        // Refresh tokens rotate at the sandbox: two refreshes with the same one would end the session.
        var accesses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => refresher.AccessAsync(session, TestContext.Current.CancellationToken)));

        Assert.Equal(1, session.Refreshes);
        Assert.Single(accesses.Select(a => a.AccessToken).Distinct());
        Assert.NotEqual(before, accesses[0].AccessToken);
        Assert.Null(session.EndedBecause);
    }

    [Fact]
    public async Task Expired_refresh_token_ends_the_session_with_a_clear_page()
    {
        await using var host = await LaunchHost.StartAsync(sandbox: o => o with { SimulatedError = SimulatedError.ExpiredRefreshToken });
        using var browser = new TestBrowser();
        var page = await browser.GoAsync(host.StandaloneLaunch);
        Assert.Equal(LaunchHost.PatientName, page.Element("patient-name"));
        host.Clock.Advance(TimeSpan.FromMinutes(59.5));

        var after = await browser.GoAsync(page.Url.AbsoluteUri);

        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("Your session with the EHR has ended", after.Element("title"));
        Assert.Contains("Launch SmartReasoning again", after.Element("detail"), StringComparison.Ordinal);
        Assert.NotNull(host.SessionOf(page, browser).EndedBecause);
    }

    [Fact]
    public async Task Long_scope_goes_to_the_authorize_endpoint_as_a_form_post()
    {
        var types = new[] { "AllergyIntolerance", "CarePlan", "CareTeam", "Condition", "Device", "DiagnosticReport", "DocumentReference", "Encounter", "Goal", "Immunization", "Location", "Medication", "MedicationRequest", "MedicationStatement", "Observation", "Organization", "Patient", "Practitioner", "Procedure", "Provenance", "ServiceRequest", "Specimen" };
        var scope = "openid fhirUser launch/patient online_access " + string.Join(' ', types.Select(t => $"patient/{t}.rs patient/{t}.read"))
            + " " + string.Join(' ', types.Select(t => $"patient/{t}.rs?_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality|N"));
        await using var host = await LaunchHost.StartAsync(scope: scope);
        using var browser = new TestBrowser();

        var page = await browser.GoAsync(host.StandaloneLaunch);

        var (action, fields) = Assert.Single(browser.Posted);
        Assert.Equal(host.SandboxRoot + "/auth/authorize", action.AbsoluteUri);
        Assert.Equal(scope, fields["scope"]);
        Assert.Equal("S256", fields["code_challenge_method"]);
        Assert.Equal(LaunchHost.PatientName, page.Element("patient-name"));
    }

    [Fact]
    public async Task Short_request_is_a_plain_redirect()
    {
        await using var host = await LaunchHost.StartAsync();
        using var browser = new TestBrowser();

        await browser.GoAsync(host.StandaloneLaunch);

        Assert.Empty(browser.Posted);
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/auth/authorize");
    }
}
