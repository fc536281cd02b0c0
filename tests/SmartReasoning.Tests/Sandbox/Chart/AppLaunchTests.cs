using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Tests.Sandbox.Chart;

/// <summary>The EHR launch from the chart: a stored launch context and a redirect to the app with iss and launch.</summary>
public sealed class AppLaunchTests : ChartSandbox
{
    private const string RegisteredApp = "http://127.0.0.1:7001/callback";

    protected override SandboxOptions Configure(SandboxOptions options) => options with
    {
        Clients = [new SmartClient { ClientId = "other-app", RedirectUris = [RegisteredApp] }],
    };

    [Fact]
    public async Task Launch_redirects_to_the_app_with_iss_and_launch_and_keeps_the_context()
    {
        var (response, _) = await GetAsync("chart/p1/launch?encounter=e1&intent=reconcile-medications&need_patient_banner=false"
            + "&smart_style_url=http%3A%2F%2F127.0.0.1%3A1%2Fstyle.json&tenant=clinic-a&error=ExpiredCode&fhirContext=Condition%2Fc1&appContext=abc");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Options.AppLaunchUrl + "?iss=", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal(FhirBase, query["iss"].ToString());
        var context = Service<LaunchContextStore>().Find(query["launch"].ToString());
        Assert.NotNull(context);
        Assert.Equal("p1", context.Patient);
        Assert.Equal("e1", context.Encounter);
        Assert.Equal("Practitioner/dr-1", context.FhirUser);
        Assert.Equal("reconcile-medications", context.Intent);
        Assert.False(context.NeedPatientBanner);
        Assert.Equal("http://127.0.0.1:1/style.json", context.SmartStyleUrl);
        Assert.Equal("clinic-a", context.Tenant);
        Assert.Equal(SimulatedError.ExpiredCode, context.SimulatedError);
        Assert.Equal("Condition/c1", Assert.Single(context.FhirContext).Reference);
        Assert.Equal("abc", context.AppContext);
    }

    [Fact]
    public async Task Launch_form_defaults_give_a_plain_launch_of_the_configured_app()
    {
        // What the form sends untouched: empty fields, the default app, no error.
        var (response, _) = await GetAsync($"chart/p1/launch?encounter=&intent=&need_patient_banner=true&tenant=&fhirContext=&error=None&app={Uri.EscapeDataString(Options.AppLaunchUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var launch = QueryHelpers.ParseQuery(response.Headers.Location!.Query)["launch"].ToString();
        var context = Service<LaunchContextStore>().Find(launch)!;
        Assert.Null(context.Encounter);
        Assert.Null(context.Intent);
        Assert.True(context.NeedPatientBanner);
        Assert.Equal(SimulatedError.None, context.SimulatedError);
    }

    [Fact]
    public async Task App_on_the_origin_of_a_registered_redirect_uri_is_accepted()
    {
        var (response, _) = await GetAsync("chart/p1/launch?app=" + Uri.EscapeDataString("http://127.0.0.1:7001/launch?x=1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://127.0.0.1:7001/launch?x=1&iss=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example/launch")]
    [InlineData("http://127.0.0.1:7002/launch")] // same host, another port: another origin
    [InlineData("javascript:alert(1)")]
    public async Task App_elsewhere_is_refused_with_a_problem(string app)
    {
        var (response, body) = await GetAsync("chart/p1/launch?app=" + Uri.EscapeDataString(app));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        Assert.Contains("app", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("encounter=e2", "encounter")] // another patient's encounter
    [InlineData("error=Sometimes", "error")]
    [InlineData("error=3", "error")]
    [InlineData("need_patient_banner=maybe", "need_patient_banner")]
    [InlineData("smart_style_url=ftp%3A%2F%2Fx", "smart_style_url")]
    [InlineData("fhirContext=not-a-reference", "fhirContext")]
    public async Task Bad_launch_options_are_refused_with_a_problem(string query, string named)
    {
        var (response, body) = await GetAsync("chart/p1/launch?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_for_an_unknown_patient_is_a_404()
    {
        var (response, _) = await GetAsync("chart/nobody/launch");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
