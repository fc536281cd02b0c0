using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SmartReasoning.Server;

/// <summary>
/// The one trace source and meter every stage reports to, so traces and metrics read as the flow: a span per stage
/// (<see cref="Stages"/>) and the stage's duration in <c>smartreasoning.stage.duration</c>. OpenTelemetry subscribes
/// to these names; without it they cost next to nothing. Tags never hold a patient identifier, token or finding text.
/// </summary>
public static class SmartReasoningTelemetry
{
    public const string Name = "SmartReasoning";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Seconds per stage, tagged <c>stage</c> and <c>outcome</c> (ok or error).</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("smartreasoning.stage.duration", "s", "Time spent in one stage of the flow");

    /// <summary>The stage names, in the order of the flow.</summary>
    public static class Stages
    {
        public const string Launch = "launch";
        public const string Pull = "pull";
        public const string Compile = "compile";
        public const string Deidentify = "deidentify";
        public const string Reason = "reason";
        public const string CdsHook = "cds-hook";
        public const string WriteBack = "write-back";
    }

    /// <summary>Starts a stage's span and, when disposed, records its duration (error when <see cref="StageScope.Fail"/> was called).</summary>
    public static StageScope Stage(string stage) => new(stage, Source.StartActivity(stage, ActivityKind.Internal));

    public sealed class StageScope(string stage, Activity? activity) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();
        private bool _failed;

        public Activity? Activity => activity;
        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

        public void Fail(string reason)
        {
            _failed = true;
            activity?.SetStatus(ActivityStatusCode.Error, reason);
        }

        public void Dispose()
        {
            StageDuration.Record(Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("outcome", _failed ? "error" : "ok"));
            activity?.Dispose();
        }
    }
}
