using System.Net;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Launch;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Server;
using SmartReasoning.Server.Review;
using SmartReasoning.Tests.Pull;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.Tests.WriteBack;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Server.Review;

/// <summary>The app's flow for one patient (pull, compile, reason, write-back) against the open sandbox loaded with the synthetic cohort.</summary>
public sealed class PatientReviewTests : SandboxHost
{
    // The synthetic histories end on 2026-01-01; the review is as of the day after, so the findings do not drift with the calendar.
    private static readonly DateTimeOffset Today = new(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly OutboxHarness _outbox = new();

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var loader = new BundleLoader(Store);
        foreach (var (bundle, i) in SyntheticCohort.Generate().Select((b, i) => (b, i))) loader.Load($"synthetic-{i}", bundle);
    }

    public override async ValueTask DisposeAsync()
    {
        _outbox.Dispose();
        await base.DisposeAsync();
    }

    private string PatientOf(Archetype archetype) =>
        Store.Current("Patient").Select(s => s.Resource).OfType<Patient>().Single(p => ArchetypeTag.Of(p) == archetype).Id!;

    private PatientReview Review(HttpClient? http = null, PullOptions? pull = null) =>
        new(new PatientRecordPuller(http ?? Client, pull), new RecordReasoner(), _outbox.Writer(), new ManualClock(Today), new PatientReviewOptions());

    private ReviewTarget Target(string patient, bool write = true, string? fhirBase = null) => new(
        new FhirAccess(fhirBase ?? FhirBase, "", patient, "patient/*.read", Today.AddHours(1)), patient,
        write ? new WriteTarget(fhirBase ?? FhirBase, new FindingSubject($"Patient/{patient}", null, Today), WriteAuth.Open) : null);

    [Fact]
    public async Task A_patient_with_ckd_on_metformin_gets_the_critical_finding_and_its_observation_is_queued_preliminary()
    {
        var patient = PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin);

        var result = await Review().RunAsync(Target(patient), null, TestContext.Current.CancellationToken);

        Assert.False(result.IsPartial, string.Join("; ", result.Record.Missing));
        var metformin = Assert.Single(result.Reasoning.Findings, f => f.Kind == FindingKinds.DrugRenal);
        Assert.Equal(Severity.Critical, metformin.Severity);
        Assert.Equal(result.Reasoning.Findings.Count, result.Written.Count);
        Assert.All(result.Written, w => Assert.True(w.Queued));
        Assert.NotEmpty(result.Context.Labs);
        Assert.Contains(result.Context.Labs, s => s.Code.Code is "33914-3" or "62238-1");

        // Delivered, the Observation is in the chart, preliminary, until a clinician accepts it.
        var report = await _outbox.Delivery(Client).DeliverDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal(result.Written.Count, report.Delivered);
        var written = result.Written.Single(w => w.Kind == FindingKinds.DrugRenal.Code);
        var observation = Assert.Single(WriteBackFixtures.WithIdentifier<Observation>(Store, AiTransparencyCodes.FingerprintSystem, written.Fingerprint));
        Assert.Equal(ObservationStatus.Preliminary, observation.Status!.Enum);
        Assert.Equal($"Patient/{patient}", observation.Subject!.ReferenceValue!.Value);
    }

    [Fact]
    public async Task Every_stage_has_its_time_and_the_progress_names_what_is_fetched_with_a_growing_count()
    {
        var patient = PatientOf(Archetype.Type2Diabetes);
        var heard = new List<ReviewProgress>();

        var result = await Review().RunAsync(Target(patient), new SyncProgress(heard.Add), TestContext.Current.CancellationToken);

        Assert.Equal(
            [SmartReasoningTelemetry.Stages.Pull, SmartReasoningTelemetry.Stages.Compile, SmartReasoningTelemetry.Stages.Reason, SmartReasoningTelemetry.Stages.WriteBack],
            result.StageTimes.Keys.Order(Comparer<string>.Create((a, b) => StageOrder(a).CompareTo(StageOrder(b)))));
        Assert.All(result.StageTimes.Values, t => Assert.True(t > TimeSpan.Zero));
        Assert.Equal(
            [SmartReasoningTelemetry.Stages.Pull, SmartReasoningTelemetry.Stages.Compile, SmartReasoningTelemetry.Stages.Reason, SmartReasoningTelemetry.Stages.WriteBack],
            heard.Select(p => p.Stage).Distinct());
        var fetching = heard.Where(p => p.Detail.StartsWith("Fetching ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fetching);
        Assert.True(fetching[^1].Resources >= result.Record.Statistics.ResourceCount - 1, $"{fetching[^1].Resources} of {result.Record.Statistics.ResourceCount}");
        Assert.Equal(fetching.Select(p => p.Resources).Order(), fetching.Select(p => p.Resources));
    }

    private static int StageOrder(string stage) => stage switch
    {
        SmartReasoningTelemetry.Stages.Pull => 0,
        SmartReasoningTelemetry.Stages.Compile => 1,
        SmartReasoningTelemetry.Stages.Reason => 2,
        _ => 3,
    };

    [Fact]
    public async Task Without_a_write_target_nothing_is_queued()
    {
        var result = await Review().RunAsync(Target(PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin), write: false), null, TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Reasoning.Findings);
        Assert.Empty(result.Written);
        Assert.False(result.StageTimes.ContainsKey(SmartReasoningTelemetry.Stages.WriteBack));
        Assert.Equal(0, (await _outbox.Store.CountAsync(TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task A_partial_pull_is_reported_in_the_result_and_the_context_not_hidden()
    {
        var patient = PatientOf(Archetype.ChronicKidneyDiseaseOnMetformin);
        using var http = new HttpClient(new RefusingType("AllergyIntolerance", HttpStatusCode.InternalServerError));

        var result = await Review(http, new PullOptions { UseEverything = false, MaxRetries = 0, RetryClock = new InstantRetryClock() })
            .RunAsync(Target(patient), null, TestContext.Current.CancellationToken);

        Assert.True(result.IsPartial);
        var missing = Assert.Single(result.Record.Missing);
        Assert.Contains("AllergyIntolerance", missing.What, StringComparison.Ordinal);
        Assert.Equal(500, missing.HttpStatus);
        Assert.Equal(result.Record.Missing, result.Context.Missing);
        // The rest of the record still gives its findings.
        Assert.Contains(result.Reasoning.Findings, f => f.Kind == FindingKinds.DrugRenal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_failure_of_its_own_kind()
    {
        var review = Review(pull: new PullOptions { MaxRetries = 0, RetryClock = new InstantRetryClock(), RequestTimeout = TimeSpan.FromSeconds(2) });

        var failure = await Assert.ThrowsAsync<ReviewFailure>(() => review.RunAsync(Target("nobody", fhirBase: "http://127.0.0.1:1/fhir"), null, TestContext.Current.CancellationToken));

        Assert.Equal(ReviewFailureKind.FhirUnreachable, failure.Kind);
        Assert.Equal(0, (await _outbox.Store.CountAsync(TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task A_refused_token_means_the_session_has_ended()
    {
        using var http = new HttpClient(new RefusingType("", HttpStatusCode.Unauthorized));

        var failure = await Assert.ThrowsAsync<ReviewFailure>(() =>
            Review(http, new PullOptions { MaxRetries = 0 }).RunAsync(Target(PatientOf(Archetype.Type2Diabetes)), null, TestContext.Current.CancellationToken));

        Assert.Equal(ReviewFailureKind.AccessRefused, failure.Kind);
    }

    [Fact]
    public async Task An_unknown_patient_is_reported_as_such()
    {
        var failure = await Assert.ThrowsAsync<ReviewFailure>(() => Review().RunAsync(Target("no-such-patient"), null, TestContext.Current.CancellationToken));

        Assert.Equal(ReviewFailureKind.NoPatient, failure.Kind);
    }

    /// <summary>Reports on the caller's thread, so the test sees every report before RunAsync returns.</summary>
    private sealed class SyncProgress(Action<ReviewProgress> report) : IProgress<ReviewProgress>
    {
        public void Report(ReviewProgress value) => report(value);
    }

    /// <summary>Answers requests whose path holds <paramref name="pathPart"/> (all FHIR requests but metadata for "") with <paramref name="status"/>.</summary>
    private sealed class RefusingType(string pathPart, HttpStatusCode status) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.Contains(pathPart, StringComparison.Ordinal) && !request.RequestUri.AbsolutePath.EndsWith("/metadata", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(status))
                : base.SendAsync(request, cancellationToken);
    }
}
