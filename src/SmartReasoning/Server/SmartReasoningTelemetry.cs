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

    // The stage the current flow is in, whether or not anyone listens for spans.
    private static readonly AsyncLocal<string?> CurrentStage = new();

    /// <summary>
    /// Starts a stage's span and, when disposed, records its duration (error when <see cref="StageScope.Fail"/> was called).
    /// A stage inside the same stage (the review's pull around the puller's own) is the same stage: only the outer scope
    /// makes a span and a duration, so nothing is counted twice; the inner one still marks failures on the outer span.
    /// </summary>
    public static StageScope Stage(string stage)
    {
        if (CurrentStage.Value == stage) return new StageScope(stage, Activity.Current?.OperationName == stage ? Activity.Current : null, nested: true, previous: stage);
        var previous = CurrentStage.Value;
        CurrentStage.Value = stage;
        return new StageScope(stage, Source.StartActivity(stage, ActivityKind.Internal), nested: false, previous);
    }

    public sealed class StageScope : IDisposable
    {
        private readonly string _stage;
        private readonly Activity? _activity;
        private readonly bool _nested;
        private readonly string? _previous;
        private readonly long _start = Stopwatch.GetTimestamp();
        private bool _failed;

        internal StageScope(string stage, Activity? activity, bool nested, string? previous)
        {
            _stage = stage;
            _activity = activity;
            _nested = nested;
            _previous = previous;
        }

        public Activity? Activity => _activity;
        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

        public void Fail(string reason)
        {
            _failed = true;
            _activity?.SetStatus(ActivityStatusCode.Error, reason);
        }

        public void Dispose()
        {
            if (_nested) return;
            StageDuration.Record(Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", _stage), new KeyValuePair<string, object?>("outcome", _failed ? "error" : "ok"));
            _activity?.Dispose();
            CurrentStage.Value = _previous;
        }
    }
}
