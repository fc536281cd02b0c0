using System.Diagnostics;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack;

namespace SmartReasoning.Server.Review;

/// <summary>Whose record to review, where to read it, and where findings go (null <see cref="WriteTo"/>: nothing is written).</summary>
public sealed record ReviewTarget(FhirAccess Access, string PatientId, WriteTarget? WriteTo);

/// <summary>A review under way: the stage, what it is doing in words (no patient data), and resources fetched so far.</summary>
public sealed record ReviewProgress(string Stage, string Detail, int Resources);

/// <summary>
/// One review of one patient: the record as pulled (<see cref="PulledRecord.Missing"/> says what could not be had), its
/// compiled context, the reasoning, what was queued for the chart, and the time each stage took (keyed by
/// <see cref="SmartReasoningTelemetry.Stages"/>).
/// </summary>
public sealed record PatientReviewResult(
    PulledRecord Record, LongitudinalContext Context, ReasoningResult Reasoning, IReadOnlyList<FindingWriteResult> Written,
    IReadOnlyDictionary<string, TimeSpan> StageTimes)
{
    /// <summary>Something of the record could not be pulled; the findings rest on what was.</summary>
    public bool IsPartial => !Record.IsComplete;

    /// <summary>Why the model took no part, in words (null when it was used, or none is configured).</summary>
    public string? ModelNotUsed { get; init; }
}

/// <summary>How a review may fail as a whole (a partial record is not a failure: it is reported in the result).</summary>
public enum ReviewFailureKind
{
    /// <summary>The EHR's FHIR server could not be reached or did not answer.</summary>
    FhirUnreachable,
    /// <summary>The EHR refused the access token (expired or revoked): the session has ended.</summary>
    AccessRefused,
    /// <summary>The patient could not be read (not found, forbidden, or the server failed).</summary>
    NoPatient,
    /// <summary>The reasoner failed in a way it could not turn into guideline findings.</summary>
    Reasoning,
}

/// <summary>A review that could not produce findings; the message is for the user and holds no patient data.</summary>
public sealed class ReviewFailure(ReviewFailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ReviewFailureKind Kind { get; } = kind;
}

/// <summary>
/// The app's flow for one patient: Pull (the record over FHIR with the launch's token), Compile (the longitudinal context,
/// de-identified when a model takes part), Reason (the configured <see cref="RecordReasoner"/>), WriteBack (each finding's
/// Observation, Provenance and Device queued in the outbox, preliminary, so a clinician's accept can finalize it). Each
/// stage runs in its telemetry scope and its time is kept in the result.
/// </summary>
public sealed class PatientReview(PatientRecordPuller puller, RecordReasoner reasoner, FindingWriter writer, TimeProvider clock, PatientReviewOptions options)
{
    /// <exception cref="ReviewFailure">The patient could not be read, or the reasoner failed outright.</exception>
    public async Task<PatientReviewResult> RunAsync(ReviewTarget target, IProgress<ReviewProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        progress?.Report(new ReviewProgress(SmartReasoningTelemetry.Stages.Pull, "Asking the EHR for the record", 0));
        PulledRecord record;
        using (var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Pull))
        {
            var pulling = progress is null ? null : new Progress(p => progress.Report(new ReviewProgress(SmartReasoningTelemetry.Stages.Pull, $"Fetching {p.Fetching}", p.Resources)));
            record = await puller.PullAsync(target.Access, target.PatientId, ct, pulling).ConfigureAwait(false);
            times[SmartReasoningTelemetry.Stages.Pull] = stage.Elapsed;
            stage.Activity?.SetTag("smartreasoning.resources", record.Statistics.ResourceCount);
            stage.Activity?.SetTag("smartreasoning.missing", record.Missing.Count);
            if (NoPatient(record, target.PatientId) is { } failure)
            {
                stage.Fail(failure.Kind.ToString());
                throw failure;
            }
        }

        progress?.Report(new ReviewProgress(SmartReasoningTelemetry.Stages.Compile, "Compiling the longitudinal view", record.Statistics.ResourceCount));
        PreparedReasoning prepared;
        using (var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Compile))
        {
            prepared = reasoner.Prepare(record.ToBundle(), ReasoningTrigger.App(), clock.GetUtcNow(), record.Missing);
            times[SmartReasoningTelemetry.Stages.Compile] = stage.Elapsed;
        }

        progress?.Report(new ReviewProgress(SmartReasoningTelemetry.Stages.Reason, reasoner.UsesModel ? "Reasoning over the record (guidelines and the model)" : "Reasoning over the record (guidelines)", record.Statistics.ResourceCount));
        ReasoningResult reasoning;
        using (var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.Reason))
        {
            try
            {
                reasoning = await reasoner.ReasonAsync(prepared, ct, options.ReasoningBudget).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                stage.Fail(e.GetType().Name);
                throw new ReviewFailure(ReviewFailureKind.Reasoning, "The reasoner could not review this record.", e);
            }
            times[SmartReasoningTelemetry.Stages.Reason] = stage.Elapsed;
            stage.Activity?.SetTag("smartreasoning.findings", reasoning.Findings.Count);
        }

        IReadOnlyList<FindingWriteResult> written = [];
        if (target.WriteTo is { } writeTo && reasoning.Findings.Count > 0)
        {
            progress?.Report(new ReviewProgress(SmartReasoningTelemetry.Stages.WriteBack, "Queueing the findings for the chart", record.Statistics.ResourceCount));
            using var stage = SmartReasoningTelemetry.Stage(SmartReasoningTelemetry.Stages.WriteBack);
            // The findings are as of the compiled context's date, whatever the caller guessed.
            var to = writeTo with { Subject = writeTo.Subject with { AsOf = prepared.Request.Context.AsOf } };
            written = await writer.WriteAsync(reasoning, to, ct).ConfigureAwait(false);
            times[SmartReasoningTelemetry.Stages.WriteBack] = stage.Elapsed;
            if (written.Any(w => !w.Queued)) stage.Fail("validation");
        }

        return new PatientReviewResult(record, prepared.Request.Context, reasoning, written, times)
        {
            ModelNotUsed = ModelNotUsed(prepared, reasoning),
        };
    }

    /// <summary>The failure when the record has no Patient: the server unreachable, the token refused, or the patient unreadable.</summary>
    internal static ReviewFailure? NoPatient(PulledRecord record, string patientId)
    {
        if (record.Resources.Any(r => r is Patient p && p.Id == patientId)) return null;
        if (record.Missing.Any(m => m.HttpStatus is 401))
            return new ReviewFailure(ReviewFailureKind.AccessRefused, "The EHR no longer accepts this launch's access (it expired or was revoked).");
        // No status at all: no connection, no answer in time, or the time budget ran out.
        if (record.Missing.Count > 0 && record.Missing.All(m => m.HttpStatus is null))
            return new ReviewFailure(ReviewFailureKind.FhirUnreachable, $"The EHR's FHIR server could not be reached: {record.Missing[0].Reason}.");
        var first = record.Missing.FirstOrDefault();
        return new ReviewFailure(ReviewFailureKind.NoPatient,
            first is null ? "The EHR returned no record for this patient." : $"The patient could not be read from the EHR: {first.Reason}.");
    }

    /// <summary>Why the model took no part, when one is configured and was not used (or its de-identified context was withheld).</summary>
    private static string? ModelNotUsed(PreparedReasoning prepared, ReasoningResult reasoning)
    {
        if (prepared.ModelWithheld is { } why) return $"The model was not used: {why}";
        if (reasoning.ModelOutcome is null or Reason.Model.ModelOutcome.Used) return null;
        return reasoning.Notes.LastOrDefault(n => n.Contains("model", StringComparison.OrdinalIgnoreCase))
            ?? $"The model was not used ({reasoning.ModelOutcome}); the guideline findings are shown.";
    }

    /// <summary>Reports synchronously on the puller's thread (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class Progress(Action<PullProgress> report) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => report(value);
    }
}

/// <summary>How long the app waits for the reasoner before showing the guideline findings alone.</summary>
public sealed record PatientReviewOptions
{
    /// <summary>A person is waiting, but less hurriedly than a CDS Hooks call: a model gets this long, then the rules answer.</summary>
    public TimeSpan ReasoningBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How the app pulls a record (the defaults: $everything where offered, retries, a total budget).</summary>
    public PullOptions Pull { get; init; } = new();
}
