using SmartReasoning.Deidentify;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using SmartReasoning.Tests.Reason.Model;
using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Faults;

/// <summary>
/// The model endpoint (a fake Foundry on loopback) slow, failing and answering nonsense, under the whole flow: the record
/// pulled from the sandbox, reasoned over by the guideline rules combined with the model, the findings written back.
/// Whatever the model does, the guideline findings stand, a note says why the model was not used, nothing the model
/// invented reaches the chart, and each finding written is exactly one Observation set.
/// </summary>
public sealed class ModelEndpointFaultTests : IAsyncLifetime
{
    private FaultFlow _flow = null!;
    private FakeFoundry _model = null!;

    public async ValueTask InitializeAsync()
    {
        _flow = await FaultFlow.StartAsync();
        _model = await FakeFoundry.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _model.DisposeAsync();
        await _flow.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The guideline rules combined with the fake model, as <c>SMARTREASONING_REASONER=combined</c> configures them.</summary>
    private RecordReasoner Combined(TimeSpan? timeout = null, int maxRetries = 0) =>
        new(new CombinedReasoner(new GuidelineReasoner(), new ModelReasoner(new ModelOptions
        {
            Endpoint = _model.Endpoint,
            Deployment = ModelFixtures.Deployment,
            ApiKey = ModelFixtures.MadeUpKey(),
            Timeout = timeout ?? TimeSpan.FromSeconds(2),
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            OverallTimeout = TimeSpan.FromSeconds(3),
        })), new Deidentifier());

    private static IEnumerable<string> Titles(ReasoningResult result) => result.Findings.Select(f => f.Title).Order(StringComparer.Ordinal);

    /// <summary>Pull, reason (the combined reasoner), write and deliver; the guideline-only findings of the same record beside.</summary>
    private async Task<(ReasoningResult Result, ReasoningResult Guidelines)> RunAsync(RecordReasoner reasoner, TimeSpan? budget = null)
    {
        var record = await _flow.PullAsync();
        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        var guidelines = await _flow.ReasonAsync(record);
        var result = await _flow.ReasonAsync(record, reasoner, budget);
        var written = await _flow.WriteAsync(result);
        Assert.Equal(new DeliveryReport(written.Count, 0, 0), await _flow.DeliverAsync());
        _flow.AssertOneSetPerFinding(written, result.Reasoner);
        return (result, guidelines);
    }

    /// <summary>The model's answer did not count: the guideline findings alone were written, and a note says why.</summary>
    private static void AssertGuidelinesAlone(ReasoningResult result, ReasoningResult guidelines, ModelOutcome outcome, string note)
    {
        Assert.Equal(outcome, result.ModelOutcome);
        Assert.Equal(Titles(guidelines), Titles(result));
        Assert.All(result.Findings, f => Assert.DoesNotContain("model", f.Reasoner, StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains(note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_slower_than_its_timeout_is_not_used_and_the_guideline_findings_are_written()
    {
        _model.Script(new FakeReply(200, ModelFixtures.Answer(), Delay: TimeSpan.FromSeconds(5)));

        var (result, guidelines) = await RunAsync(Combined(timeout: TimeSpan.FromMilliseconds(300)));

        AssertGuidelinesAlone(result, guidelines, ModelOutcome.Timeout, "The model was not used: it did not answer in time");
        Assert.Single(_model.Requests);
    }

    [Fact]
    public async Task A_model_slower_than_the_hook_s_reasoning_budget_is_left_behind_and_the_guideline_findings_are_written()
    {
        _model.Script(new FakeReply(200, ModelFixtures.Answer(), Delay: TimeSpan.FromSeconds(5)));

        var (result, guidelines) = await RunAsync(Combined(timeout: TimeSpan.FromSeconds(5)), budget: TimeSpan.FromMilliseconds(300));

        AssertGuidelinesAlone(result, guidelines, ModelOutcome.Timeout, "did not answer within 300 ms");
    }

    [Fact]
    public async Task A_model_answering_500_is_retried_then_not_used_and_the_guideline_findings_are_written()
    {
        _model.Script(FakeFoundry.Error(500));

        var (result, guidelines) = await RunAsync(Combined(maxRetries: 2));

        AssertGuidelinesAlone(result, guidelines, ModelOutcome.ServerError, "The model was not used: the endpoint failed (server error)");
        Assert.Equal(3, _model.Requests.Count);
    }

    public static TheoryData<string, string> Nonsense => new()
    {
        { "invalid JSON", "{\"findings\": [ {\"kind\": \"drug-renal\", " },
        { "JSON outside the schema", """{"findings":[{"kind":"drug-renal","severity":"apocalyptic"}],"extra":true}""" },
        { "not an object", "[1, 2, 3]" },
    };

    [Theory]
    [MemberData(nameof(Nonsense))]
    public async Task A_model_answering_nonsense_is_not_used_and_the_guideline_findings_are_written(string what, string answer)
    {
        _model.Script(FakeFoundry.Completion(answer));

        var (result, guidelines) = await RunAsync(Combined());

        Assert.NotEmpty(what);
        AssertGuidelinesAlone(result, guidelines, ModelOutcome.Malformed, "The model was not used");
    }

    [Fact]
    public async Task Model_findings_citing_evidence_that_does_not_exist_are_dropped_and_counted_and_only_the_cited_one_is_written()
    {
        var record = FaultFlow.Record(await _flow.PullAsync());
        var reasoner = Combined();
        var prepared = reasoner.Prepare(record, ReasoningTrigger.PatientView, _flow.AsOf);
        var guidelines = GuidelineReasoner.Reason(prepared.Request);
        var egfr = guidelines.Findings.Single(f => f.Kind == FindingKinds.DrugRenal).Evidence.First(e => e.StartsWith("Observation/", StringComparison.Ordinal));
        var hashed = prepared.Request.ForModel!.Map.Entries.Single(e => e.Value == egfr).Key;
        _model.Script(FakeFoundry.Completion(ModelFixtures.Answer(
            ModelFixtures.Finding("eGFR has fallen steadily over the last year", [hashed], kind: "lab-trend", severity: "info"),
            ModelFixtures.Finding("Potassium dangerously high", ["Observation/potassium-that-was-never-measured"], kind: "drug-lab", severity: "critical"),
            ModelFixtures.Finding("Anaemia of kidney disease", [egfr, "Observation/" + Guid.NewGuid().ToString("N")], kind: "undocumented-condition"))));

        var result = await reasoner.ReasonAsync(prepared, Ct);
        var written = await _flow.WriteAsync(result);
        Assert.Equal(new DeliveryReport(written.Count, 0, 0), await _flow.DeliverAsync());

        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        Assert.Contains(result.Notes, n => n.Contains("2 model findings dropped: cited evidence not in the context", StringComparison.Ordinal));
        var fromModel = Assert.Single(result.Findings, f => f.Reasoner.StartsWith("model", StringComparison.Ordinal));
        Assert.Equal([egfr], fromModel.Evidence); // re-identified: the real reference, never the hash
        Assert.Equal(guidelines.Findings.Count + 1, result.Findings.Count);
        Assert.DoesNotContain(result.Findings, f => f.Title.Contains("Potassium", StringComparison.Ordinal) || f.Title.Contains("Anaemia", StringComparison.Ordinal));
        _flow.AssertOneSetPerFinding(written, result.Reasoner);
        Assert.Equal(guidelines.Findings.Count + 1, _flow.AiResources().Observations);
    }
}
