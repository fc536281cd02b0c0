using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SmartReasoning.Server;

/// <summary>The ASP.NET Core host: health, errors as RFC 9457 problem details, and (later) every stage's endpoints.</summary>
public static class SmartReasoningServer
{
    public static WebApplication Build(ServerOptions options)
    {
        // No command-line args here: the CLI has parsed them already.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        MapHealth(app);
        return app;
    }

    /// <summary>The base URL the started host is listening on.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private static void MapHealth(WebApplication app)
    {
        var version = typeof(SmartReasoningServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        app.MapGet("/health", () => Results.Json(new HealthReport("pass", version), contentType: "application/health+json"));
    }

    private sealed record HealthReport(string Status, string Version);
}
