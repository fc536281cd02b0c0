using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SmartReasoning.CdsHooks;
using OpenTelemetry.Logs;
using SmartReasoning.Launch;
using SmartReasoning.Server.Telemetry;

namespace SmartReasoning.Server;

/// <summary>The ASP.NET Core host: health, errors as RFC 9457 problem details, SMART launch, CDS Hooks, and (later) every stage's endpoints.</summary>
public static class SmartReasoningServer
{
    /// <exception cref="InvalidDataException">A launch config of <see cref="ServerOptions.LaunchConfigsPath"/> is not valid.</exception>
    /// <exception cref="InvalidOperationException">The integration API is half configured (an authority without an audience).</exception>
    public static WebApplication Build(ServerOptions options)
    {
        // No command-line args here: the CLI has parsed them already.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Clock);
        // First, so the providers exist before the other hosted services start, and flush last.
        builder.Services.AddSingleton<TelemetryExport>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryExport>());
        if (TelemetryExport.OtlpConfigured(options.EnvironmentVariable))
        {
            builder.Logging.AddOpenTelemetry(logs =>
            {
                logs.SetResourceBuilder(TelemetryExport.Resource(options.EnvironmentVariable));
                logs.IncludeFormattedMessage = true;
                logs.AddOtlpExporter();
            });
        }
        LaunchServices.Add(builder.Services, options);
        CdsHooksServices.Add(builder.Services, options);
        WriteBack.WriteBackServices.Add(builder.Services, options);
        Health.HealthEndpoints.Add(builder.Services);
        Review.ReviewServices.Add(builder.Services, options);
        App.AppServices.Add(builder.Services);
        Integration.IntegrationApi.Add(builder.Services, options.IntegrationApi ?? Integration.IntegrationApiOptions.FromEnvironment(options.EnvironmentVariable));
        // ASP.NET Core's request lines carry query strings, and a launch callback's query holds an authorization code:
        // only warnings and errors from the framework reach the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        options.Logging?.Invoke(builder.Logging);

        var app = builder.Build();
        app.UseMiddleware<HttpServerTracing>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        Health.HealthEndpoints.Map(app);
        LaunchEndpoints.Map(app);
        App.AppEndpoints.Map(app);
        CdsHooksEndpoints.Map(app);
        WriteBack.FindingEndpoints.Map(app);
        Integration.IntegrationApi.Map(app);
        return app;
    }

    /// <summary>The base URL the started host is listening on.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
