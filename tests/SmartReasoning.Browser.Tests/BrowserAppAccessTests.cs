using System.Net;
using SmartReasoning.Sandbox;

namespace SmartReasoning.Browser.Tests;

/// <summary>CORS, without which no SMART app running in a browser on its own origin can use the sandbox.</summary>
public sealed class BrowserAppAccessTests
{
    private const string AppOrigin = "http://127.0.0.1:1";

    [Theory]
    [InlineData("/fhir/Patient/any", "GET", "authorization")]
    [InlineData("/auth/token", "POST", "content-type")]
    public async Task Preflight_from_another_origin_is_allowed_without_a_token(string path, string method, string header)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions { LoadCohort = false }, cancellationToken);
        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, sandbox.Root + path);
        preflight.Headers.Add("Origin", AppOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", header);

        using var response = await http.SendAsync(preflight, cancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains(header, string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Discovery_answers_another_origin_and_exposes_no_credentials()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var sandbox = await RunningSandbox.StartAsync(new SandboxOptions { LoadCohort = false }, cancellationToken);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, sandbox.FhirBase + "/.well-known/smart-configuration");
        request.Headers.Add("Origin", AppOrigin);

        using var response = await http.SendAsync(request, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }
}
