using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SmartReasoning.Server.Telemetry;

/// <summary>
/// Where traces, metrics and logs go: the OTLP exporter when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter
/// reads it and the other standard <c>OTEL_EXPORTER_OTLP_*</c> variables itself), nothing otherwise. <see cref="Tracing"/>
/// and <see cref="Metrics"/> add exporters in code (tests, an embedding host); with neither, no provider is built.
/// </summary>
public sealed record TelemetryOptions
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "smartreasoning";

    public Action<TracerProviderBuilder>? Tracing { get; init; }

    public Action<MeterProviderBuilder>? Metrics { get; init; }
}
