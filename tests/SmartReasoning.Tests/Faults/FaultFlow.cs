using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Tests.Pull;
using SmartReasoning.Tests.WriteBack;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Faults;

/// <summary>
/// The whole flow composed from its stages, as the app composes them: pull the record of the kidney disease archetype
/// (on metformin, eGFR falling) from the real sandbox FHIR server, compile and reason over it (patient-view), write every
/// finding through the durable outbox back into the sandbox. Every FHIR request, pull and write alike, goes through one
/// <see cref="FaultyHandler"/>. Timeouts are short and retry waits pass at once (<see cref="InstantRetryClock"/>), so a
/// fault costs milliseconds; the outbox's clock is moved by hand.
/// </summary>
public sealed class FaultFlow : IAsyncDisposable
{
    private static readonly Func<CancellationToken, ValueTask<string?>> NoToken = _ => ValueTask.FromResult<string?>(null);

    /// <summary>The archetype's record, generated once for the run (every flow loads its own copy into its own sandbox).</summary>
    private static readonly Lazy<(byte[] Json, string PatientId)> Kidney = new(() =>
    {
        var bundle = SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin);
        return (FhirJsonSerializer.SerializeToUtf8Bytes(bundle), bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!);
    });

    private WebApplication _sandbox = null!;
    private HttpClient _http = null!;
    private int _sandboxRequests;

    private FaultFlow()
    {
    }

    public FhirResourceStore Store { get; } = new();

    public string FhirBase { get; private set; } = "";

    public string PatientId { get; private set; } = "";

    public FaultyHandler Faults { get; } = new();

    /// <summary>Every request the sandbox received, from anyone (the flow's handler, SmartReasoning's CDS service).</summary>
    public int SandboxRequests => Volatile.Read(ref _sandboxRequests);

    public OutboxHarness Outbox { get; } = new();

    public InstantRetryClock RetryClock { get; } = new();

    /// <summary>The record's as-of time: fixed for the run, so two runs reason over the same moment.</summary>
    public DateTimeOffset AsOf { get; } = DateTimeOffset.UtcNow;

    /// <summary>The pull made short: 2 s a request (a cold first read of the record, on a busy machine, fits), 10 s in all, two retries.</summary>
    public PullOptions PullOptions { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<FaultFlow> StartAsync()
    {
        var flow = new FaultFlow();
        flow.PullOptions = new PullOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(2),
            TotalBudget = TimeSpan.FromSeconds(10),
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(10),
            RetryClock = flow.RetryClock,
        };
        var (json, patientId) = Kidney.Value;
        new BundleLoader(flow.Store).Load("cohort", json);
        flow.PatientId = patientId;
        flow._sandbox = SandboxServer.Build(new SandboxOptions { Port = 0, Open = true, LoadCohort = false }, flow.Store);
        flow._sandbox.Use(async (HttpContext http, RequestDelegate next) =>
        {
            Interlocked.Increment(ref flow._sandboxRequests);
            await next(http);
        });
        await flow._sandbox.StartAsync(Ct);
        flow.FhirBase = SandboxServer.BaseUrl(flow._sandbox) + "/fhir";
        flow._http = new HttpClient(flow.Faults);
        return flow;
    }

    /// <summary>Pull: the patient's record through the faulty handler.</summary>
    public Task<PulledRecord> PullAsync() => new PatientRecordPuller(_http, PullOptions).PullAsync(FhirBase, PatientId, NoToken, Ct);

    /// <summary>Compile and reason: the pulled resources as the record, with the reasoner given (the guideline reasoner by default).</summary>
    public Task<ReasoningResult> ReasonAsync(PulledRecord record, RecordReasoner? reasoner = null, TimeSpan? budget = null) =>
        (reasoner ?? new RecordReasoner()).ReasonAsync(Record(record), ReasoningTrigger.PatientView, AsOf, Ct, budget);

    public static Bundle Record(PulledRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bundle = new Bundle { Type = BundleType.Collection };
        foreach (var resource in record.Resources) bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        return bundle;
    }

    /// <summary>Write-back: every finding queued in the outbox (validation is the write-back suite's business).</summary>
    public async Task<IReadOnlyList<FindingWriteResult>> WriteAsync(ReasoningResult result)
    {
        var written = await Outbox.Writer().WriteAsync(result, new WriteTarget(FhirBase, new FindingSubject($"Patient/{PatientId}", null, AsOf), WriteAuth.Open), Ct);
        Assert.All(written, w => Assert.True(w.Queued));
        return written;
    }

    /// <summary>One delivery pass of the outbox through the faulty handler.</summary>
    public Task<DeliveryReport> DeliverAsync() => Outbox.Delivery(_http).DeliverDueAsync(Ct);

    /// <summary>The whole flow with no fault: pull, reason, write, deliver; what a faulty run is compared with.</summary>
    public async Task<ReasoningResult> BaselineAsync(RecordReasoner? reasoner = null)
    {
        var record = await PullAsync();
        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        return await ReasonAsync(record, reasoner);
    }

    /// <summary>How many AI finding Observations (any fingerprint), Provenances and Devices the sandbox holds now.</summary>
    public (int Observations, int Provenances, int Devices) AiResources() =>
        (Store.Current("Observation").Select(s => s.Resource).OfType<Observation>().Count(o => o.Identifier.Any(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem)),
         Store.Current("Provenance").Count,
         Store.Current("Device").Count);

    /// <summary>Exactly one Observation set in the sandbox for each finding written, and nothing else.</summary>
    public void AssertOneSetPerFinding(IReadOnlyList<FindingWriteResult> written, ReasonerInfo reasoner)
    {
        ArgumentNullException.ThrowIfNull(written);
        foreach (var finding in written) Assert.Equal((1, 1, 1), SetCount(Store, finding.Fingerprint, reasoner));
        Assert.Equal((written.Count, written.Count, written.Count == 0 ? 0 : 1), AiResources());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Outbox.Dispose();
        await _sandbox.DisposeAsync();
    }
}
