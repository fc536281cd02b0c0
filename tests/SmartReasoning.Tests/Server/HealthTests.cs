using System.Net;
using System.Text.Json;
using SmartReasoning.Server;

namespace SmartReasoning.Tests.Server;

/// <summary>The host started as the main job starts it, on a free loopback port.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = SmartReasoningServer.Build(new ServerOptions { Port = 0 });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client = new HttpClient { BaseAddress = new Uri(SmartReasoningServer.BaseUrl(_app)) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public void Server_listens_on_loopback_only()
    {
        Assert.StartsWith("http://127.0.0.1:", SmartReasoningServer.BaseUrl(_app), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_pass_as_health_json()
    {
        using var response = await _client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/health+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("pass", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_path_gets_a_problem_details_404()
    {
        using var response = await _client.GetAsync(new Uri("/no-such-thing", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
    }
}
