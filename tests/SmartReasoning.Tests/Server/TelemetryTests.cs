using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SmartReasoning.Server;
using SmartReasoning.Server.Telemetry;
using SmartReasoning.Tests.CdsHooks;

namespace SmartReasoning.Tests.Server;

/// <summary>
/// The host's OpenTelemetry providers, with in-memory exporters in place of OTLP: the spans and the stage durations a
/// hook call produces. The source and meter are process-wide, so spans are picked by the trace the test started.
/// </summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class SpanCollector : BaseExporter<Activity>
    {
        public ConcurrentQueue<Activity> Spans { get; } = new();

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch) Spans.Enqueue(span);
            return ExportResult.Success;
        }
    }

    /// <summary>The stage histogram's points as (stage, outcome, count, sum) at each collection.</summary>
    private sealed class StageDurationCollector : BaseExporter<Metric>
    {
        public ConcurrentQueue<(string? Stage, string? Outcome, long Count, double Sum)> Points { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                if (metric.Name != "smartreasoning.stage.duration") continue;
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    string? stage = null, outcome = null;
                    foreach (var tag in point.Tags)
                    {
                        if (tag.Key == "stage") stage = tag.Value as string;
                        if (tag.Key == "outcome") outcome = tag.Value as string;
                    }
                    Points.Enqueue((stage, outcome, point.GetHistogramCount(), point.GetHistogramSum()));
                }
            }
            return ExportResult.Success;
        }
    }

    [Fact]
    public async Task A_hook_call_makes_a_server_span_with_cds_hook_and_reason_stages_and_no_patient_id_in_any_tag()
    {
        var spans = new SpanCollector();
        var durations = new StageDurationCollector();
        using var reader = new BaseExportingMetricReader(durations) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
        await using var host = await CdsTestHost.StartAsync(server: o => o with
        {
            Telemetry = new TelemetryOptions
            {
                Tracing = t => t.AddProcessor(new SimpleActivityExportProcessor(spans)),
                Metrics = m => m.AddReader(reader),
            },
        });
        var traceId = ActivityTraceId.CreateRandom();
        var url = host.ServiceUrl("smartreasoning-order-sign");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(HookRequests.OrderSign().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Sign(url));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await host.Http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        reader.Collect();

        var ours = spans.Spans.Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(ours, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST /cds-services/{id}", server.DisplayName);
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        var hook = Assert.Single(ours, s => s.OperationName == SmartReasoningTelemetry.Stages.CdsHook);
        var reason = Assert.Single(ours, s => s.OperationName == SmartReasoningTelemetry.Stages.Reason);
        Assert.Equal(server.SpanId, hook.ParentSpanId);
        Assert.Equal(hook.SpanId, reason.ParentSpanId);
        Assert.Contains(ours, s => s.OperationName == SmartReasoningTelemetry.Stages.Compile);
        foreach (var span in ours)
        {
            Assert.DoesNotContain(HookRequests.PatientId, span.DisplayName.Split('/', ' '));
            foreach (var (key, value) in span.TagObjects)
                Assert.False(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.Contains(HookRequests.PatientId, StringComparison.Ordinal),
                    $"{span.OperationName} tag {key} = {value}");
        }
        Assert.Contains(durations.Points, p => p is { Stage: SmartReasoningTelemetry.Stages.CdsHook, Outcome: "ok", Count: >= 1, Sum: > 0 });
        Assert.Contains(durations.Points, p => p is { Stage: SmartReasoningTelemetry.Stages.Reason, Outcome: "ok", Count: >= 1 });
    }

    [Fact]
    public void A_stage_inside_the_same_stage_is_recorded_once_and_another_stage_inside_it_is_its_own()
    {
        var outer = "test-outer-" + Guid.NewGuid().ToString("N");
        var inner = "test-inner-" + Guid.NewGuid().ToString("N");
        var recorded = new ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument == SmartReasoningTelemetry.StageDuration) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "stage" && tag.Value is string stage && (stage == outer || stage == inner)) recorded.Enqueue(stage);
        });
        listener.Start();

        using (SmartReasoningTelemetry.Stage(outer))
        {
            using (SmartReasoningTelemetry.Stage(outer))
            using (SmartReasoningTelemetry.Stage(inner))
            {
            }
        }
        using (SmartReasoningTelemetry.Stage(outer))
        {
        }

        Assert.Equal([inner, outer, outer], recorded);
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_or_an_exporter_nothing_is_built()
    {
        await using var host = await CdsTestHost.StartAsync(server: o => o with { EnvironmentVariable = _ => null });

        Assert.False(host.Get<TelemetryExport>().Exporting);
    }

    [Fact]
    public async Task An_otlp_endpoint_in_the_environment_builds_the_exporting_providers()
    {
        // The exporter reads the standard variables itself (unset here, so its default local collector, which no one runs):
        // exports that fail are the exporter's own business; the service keeps answering.
        await using var host = await CdsTestHost.StartAsync(server: o => o with
        {
            EnvironmentVariable = n => n == TelemetryOptions.OtlpEndpointVariable ? "http://127.0.0.1:9" : null,
        });

        Assert.True(host.Get<TelemetryExport>().Exporting);
        using var http = new HttpClient();
        using var live = await http.GetAsync(new Uri(host.BaseUrl + "/health/live"), Ct);
        Assert.True(live.IsSuccessStatusCode);
    }
}
