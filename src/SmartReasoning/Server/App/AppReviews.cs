using System.Collections.Concurrent;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Server.Review;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.Server.App;

public enum ReviewState { Running, Done, Failed }

/// <summary>
/// One launch's review running in the background: the patient (read first, for the banner), the latest progress, and
/// the result or the failure when it ends. The page polls it (or reloads) until it is done.
/// </summary>
public sealed class ReviewRun(string launchKey, Patient patient, DateTimeOffset started)
{
    private volatile ReviewProgress _progress = new(SmartReasoningTelemetry.Stages.Pull, "Starting", 0);
    private volatile PatientReviewResult? _result;
    private volatile ReviewFailure? _failure;

    public string LaunchKey { get; } = launchKey;

    public Patient Patient { get; } = patient;

    public DateTimeOffset Started { get; } = started;

    public ReviewProgress Progress => _progress;

    public PatientReviewResult? Result => _result;

    public ReviewFailure? Failure => _failure;

    public ReviewState State => _result is not null ? ReviewState.Done : _failure is not null ? ReviewState.Failed : ReviewState.Running;

    internal Task Completion { get; set; } = Task.CompletedTask;

    internal void Report(ReviewProgress progress) => _progress = progress;

    internal void Finish(PatientReviewResult result) => _result = result;

    internal void Fail(ReviewFailure failure) => _failure = failure;
}

/// <summary>
/// The reviews of launched patients, one per launch, run in the background so the page can show progress. A second
/// request for the same launch finds the same run; "review again" replaces it. Runs stop when the host stops. A failed
/// run is logged once as a problem detail (its kind and reason, never the patient).
/// </summary>
public sealed class AppReviews(PatientReview review, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<AppReviews> log)
{
    /// <summary>Runs kept at most; the oldest are dropped first (their launches are long gone or will start a new one).</summary>
    public const int MaxRuns = 1000;

    private readonly ConcurrentDictionary<string, ReviewRun> _runs = new(StringComparer.Ordinal);

    public ReviewRun? Find(string launchKey) => _runs.TryGetValue(launchKey, out var run) ? run : null;

    /// <summary>The launch's run, started now unless one exists (or <paramref name="again"/> asks for a fresh one).</summary>
    public ReviewRun Start(LaunchSession session, FhirAccess access, Patient patient, bool again = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        ReviewRun run;
        // Two requests of one launch at once (a reload, a second tab) share one run.
        lock (_runs)
        {
            if (!again && Find(session.Key) is { } existing) return existing;
            Trim();
            run = new ReviewRun(session.Key, patient, clock.GetUtcNow());
            _runs[session.Key] = run;
        }
        var target = new ReviewTarget(access, patient.Id!, WriteTarget(session, patient.Id!, clock.GetUtcNow()));
        var progress = new RunProgress(run);
        run.Completion = Task.Run(async () =>
        {
            try
            {
                var result = await review.RunAsync(target, progress, lifetime.ApplicationStopping);
                if (result.IsPartial) LogPartial(session, result);
                run.Finish(result);
            }
            catch (ReviewFailure failure)
            {
                Fail(run, session, failure);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                run.Fail(new ReviewFailure(ReviewFailureKind.Unexpected, "SmartReasoning is stopping; open it again in a moment."));
            }
            catch (Exception e)
            {
                Fail(run, session, new ReviewFailure(ReviewFailureKind.Unexpected, "Something went wrong in SmartReasoning while reviewing this record.", e));
            }
        }, CancellationToken.None);
        return run;
    }

    /// <summary>
    /// Where the launch's findings go: its EHR, the patient and encounter in context, with the user's authority (or
    /// backend services). The review sets the as-of time to its compiled context's.
    /// </summary>
    internal static WriteTarget WriteTarget(LaunchSession session, string patientId, DateTimeOffset now)
    {
        var encounter = session.Context.Encounter is { Length: > 0 } e ? (e.Contains('/', StringComparison.Ordinal) ? e : $"Encounter/{e}") : null;
        return new WriteTarget(session.FhirBase, new FindingSubject($"Patient/{patientId}", encounter, now), new WriteAuth(WriteAuthMode.User, session.Key));
    }

    private void Fail(ReviewRun run, LaunchSession session, ReviewFailure failure)
    {
        run.Fail(failure);
        var page = AppFailurePage.For(failure);
        ProblemLog.Write(log, page.Status >= 500 ? LogLevel.Error : LogLevel.Warning, "Review failed",
            ProblemLog.Problem($"urn:smartreasoning:problem:app:{AppFailurePage.Slug(failure.Kind)}", page.Title, page.Status, failure.Message, AppEndpoints.AppPath,
                ("launchConfig", session.Config.Name), ("cause", failure.InnerException?.GetType().Name)));
    }

    /// <summary>A partial record is shown with its banner, and logged as a problem: what was missing and why (types and statuses, no data).</summary>
    private void LogPartial(LaunchSession session, PatientReviewResult result)
    {
        var missing = string.Join("; ", result.Record.Missing.Select(m => m.HttpStatus is { } status ? $"{m.What} ({status})" : m.What));
        ProblemLog.Write(log, LogLevel.Warning, "Review partial",
            ProblemLog.Problem("urn:smartreasoning:problem:app:partial-data", "Part of the record could not be read", StatusCodes.Status200OK,
                $"{result.Record.Missing.Count} part(s) missing: {missing}", AppEndpoints.AppPath, ("launchConfig", session.Config.Name)));
    }

    private void Trim()
    {
        if (_runs.Count < MaxRuns) return;
        foreach (var old in _runs.Values.Where(r => r.State != ReviewState.Running).OrderBy(r => r.Started).Take(_runs.Count - MaxRuns + 1).ToList())
            _runs.TryRemove(old.LaunchKey, out _);
    }

    private sealed class RunProgress(ReviewRun run) : IProgress<ReviewProgress>
    {
        public void Report(ReviewProgress value) => run.Report(value);
    }
}
