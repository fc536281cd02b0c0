using System.Reflection;

namespace SmartReasoning.Server.Health;

/// <summary>
/// <c>GET /health</c> and <c>/health/live</c> (the process answers), <c>GET /health/ready</c> (the database, the launch
/// configs' FHIR servers and the model endpoint, checked at once): <c>application/health+json</c>, 503 when a required
/// check fails. Public, as probes are, and never holding a secret or a patient.
/// </summary>
public static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private static readonly string Version = typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(sp => new ProbeCache(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReadinessCheck, DatabaseCheck>();
        services.AddSingleton<IReadinessCheck, FhirServersCheck>();
        services.AddSingleton<IReadinessCheck, ModelEndpointCheck>();
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(HealthPath, (HttpContext http) => Write(http, new HealthReport(HealthStatus.Pass, Version, new Dictionary<string, IReadOnlyList<HealthObservation>>())));
        app.MapGet(LivePath, (HttpContext http) => Write(http, new HealthReport(HealthStatus.Pass, Version, new Dictionary<string, IReadOnlyList<HealthObservation>>())));
        app.MapGet(ReadyPath, async (HttpContext http, IEnumerable<IReadinessCheck> checks) => Write(http, await ReadyAsync(checks, http.RequestAborted)));
    }

    public static async Task<HealthReport> ReadyAsync(IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        var list = checks.ToList();
        var results = await Task.WhenAll(list.Select(c => c.CheckAsync(cancellationToken)));
        var byName = list.Zip(results).Where(r => r.Second.Count > 0).ToDictionary(r => r.First.Name, r => r.Second, StringComparer.Ordinal);
        return new HealthReport(HealthReport.Worst(results.SelectMany(r => r)), Version, byName);
    }

    private static IResult Write(HttpContext http, HealthReport report)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(report.ToJson().ToJsonString(), HealthReport.MediaType, statusCode: report.Status == HealthStatus.Fail ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
