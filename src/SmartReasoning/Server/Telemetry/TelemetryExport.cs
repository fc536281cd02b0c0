using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SmartReasoning.Server.Telemetry;

/// <summary>
/// The host's OpenTelemetry: a tracer provider on the <see cref="SmartReasoningTelemetry"/> source and a meter provider
/// on its meter (with ASP.NET Core's and HttpClient's built-in request metrics), exporting over OTLP when configured.
/// Owned by the host: built when it starts, flushed when it stops, disposed with it. The instrumentation packages are
/// not available here, so HTTP server spans come from <see cref="HttpServerTracing"/>.
/// </summary>
public sealed class TelemetryExport : IHostedService, IDisposable
{
    private static readonly string Version = typeof(TelemetryExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    private readonly TracerProvider? _tracer;
    private readonly MeterProvider? _meter;

    public TelemetryExport(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var otlp = OtlpConfigured(options.EnvironmentVariable);
        var telemetry = options.Telemetry;
        if (otlp || telemetry.Tracing is not null)
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Resource(options.EnvironmentVariable)).AddSource(SmartReasoningTelemetry.Name);
            if (otlp) tracing.AddOtlpExporter();
            telemetry.Tracing?.Invoke(tracing);
            _tracer = tracing.Build();
        }
        if (otlp || telemetry.Metrics is not null)
        {
            var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(Resource(options.EnvironmentVariable))
                .AddMeter(SmartReasoningTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http");
            if (otlp) metrics.AddOtlpExporter();
            telemetry.Metrics?.Invoke(metrics);
            _meter = metrics.Build();
        }
    }

    /// <summary>Whether anything is exported: a test or host that asked, or an OTLP endpoint.</summary>
    public bool Exporting => _tracer is not null || _meter is not null;

    public static bool OtlpConfigured(Func<string, string?> env) => env(TelemetryOptions.OtlpEndpointVariable) is { Length: > 0 };

    /// <summary>The service name and version, unless <c>OTEL_SERVICE_NAME</c> names the service (the SDK reads it then).</summary>
    internal static ResourceBuilder Resource(Func<string, string?> env)
    {
        var resource = ResourceBuilder.CreateDefault();
        return env(TelemetryOptions.ServiceNameVariable) is { Length: > 0 } ? resource : resource.AddService(TelemetryOptions.DefaultServiceName, serviceVersion: Version);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracer?.ForceFlush(5000);
        _meter?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }
}
