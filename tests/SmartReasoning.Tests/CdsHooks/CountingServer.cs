using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>A loopback server that counts every request and answers <c>/jwks.json</c> with <see cref="Jwks"/> (anything else: 404).</summary>
public sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CountingServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string JwksUrl => BaseUrl + "/jwks.json";

    public JsonObject Jwks { get; set; } = new() { ["keys"] = new JsonArray() };

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CountingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CountingServer(app);
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            Interlocked.Increment(ref server._requests);
            if (http.Request.Path == "/jwks.json")
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(server.Jwks.ToJsonString(), http.RequestAborted);
                return;
            }
            http.Response.StatusCode = 404;
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
