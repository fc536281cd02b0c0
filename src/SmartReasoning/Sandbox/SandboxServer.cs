using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.FhirServer;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox;

/// <summary>The sandbox EHR host: its FHIR server under <c>/fhir</c>, bound to 127.0.0.1.</summary>
public static class SandboxServer
{
    public static WebApplication Build(SandboxOptions options, FhirResourceStore? store = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        // The endpoints enforce the body limit themselves, with an OperationOutcome; Kestrel's (twice as high) is a backstop.
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes * 2 + 1;
            // Long search URLs reach the search engine, which answers too many parameters with an OperationOutcome.
            k.Limits.MaxRequestLineSize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
        });
        var resources = store ?? new FhirResourceStore();
        builder.Services.AddSingleton(resources);
        builder.Services.AddSingleton(new SearchIndexStore(resources));
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SearchPages>();
        builder.Services.AddSingleton<SearchEndpoint>();
        builder.Services.AddSingleton<EverythingEndpoint>();
        AuthorizationEndpoints.AddServices(builder.Services, options);
        Chart.ChartEndpoints.AddServices(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.AddCors();
        // One log line per request would cost more than serving it; warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        options.Logging?.Invoke(builder.Logging);

        var app = builder.Build();
        app.UseExceptionHandler();
        // Before anything that wants a token: a browser's CORS preflight carries none.
        app.UseCors(BrowserAppAccess.Policy);
        AuthorizationEndpoints.Map(app);
        FhirEndpoints.Map(app, options);
        Chart.ChartEndpoints.Map(app);
        return app;
    }

    /// <summary>The base URL the started host listens on, e.g. <c>http://127.0.0.1:5490</c>.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
