using System.Net;
using SmartReasoning.Reason;
using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Faults;

/// <summary>
/// The EHR's FHIR server slow, failing and rate limiting, under the whole flow (pull, compile, reason, write back): the
/// pull retries or reports what it could not get, the write waits and retries, and the sandbox ends with exactly one
/// Observation set (Observation, Provenance, Device) per finding: nothing lost, nothing duplicated.
/// </summary>
public sealed class FhirServerFaultTests : IAsyncLifetime
{
    private FaultFlow _flow = null!;

    public async ValueTask InitializeAsync() => _flow = await FaultFlow.StartAsync();

    public async ValueTask DisposeAsync() => await _flow.DisposeAsync();

    private static bool IsEverything(HttpRequestMessage request) => request.RequestUri!.AbsolutePath.EndsWith("/$everything", StringComparison.Ordinal);

    private static bool IsObservationSearch(HttpRequestMessage request) => request.RequestUri!.AbsolutePath.EndsWith("/Observation", StringComparison.Ordinal);

    private static bool IsTransaction(HttpRequestMessage request) => request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.TrimEnd('/').EndsWith("/fhir", StringComparison.Ordinal);

    private static IEnumerable<string> Titles(ReasoningResult result) => result.Findings.Select(f => f.Title).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_slow_server_within_the_timeouts_gives_the_same_record_and_findings_and_one_set_each()
    {
        var baseline = await _flow.BaselineAsync();
        _flow.Faults.Slow = _ => true;
        _flow.Faults.Latency = TimeSpan.FromMilliseconds(60);

        var record = await _flow.PullAsync();
        var result = await _flow.ReasonAsync(record);
        var written = await _flow.WriteAsync(result);

        // Complete, with no retry: 60 ms a request is within the 2 s timeout.
        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Equal(0, record.Statistics.Retries);
        Assert.Equal(Titles(baseline), Titles(result));
        Assert.NotEmpty(written);
        Assert.Equal(new DeliveryReport(written.Count, 0, 0), await _flow.DeliverAsync());
        _flow.AssertOneSetPerFinding(written, result.Reasoner);
    }

    [Fact]
    public async Task A_server_slower_than_the_pull_timeout_gives_a_partial_record_that_says_what_is_missing_and_only_its_findings_are_written()
    {
        var baseline = await _flow.BaselineAsync();
        // $everything and the Observation searches take 3 s, beyond a 300 ms timeout: each is tried twice, then reported.
        _flow.PullOptions = _flow.PullOptions with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 };
        _flow.Faults.Slow = r => IsEverything(r) || IsObservationSearch(r);
        _flow.Faults.Latency = TimeSpan.FromSeconds(3);

        var record = await _flow.PullAsync();
        var result = await _flow.ReasonAsync(record);
        var written = await _flow.WriteAsync(result);

        // $everything timing out falls back to the searches per type; only the Observation searches (one per category) are missing.
        Assert.False(record.IsComplete);
        Assert.NotEmpty(record.Missing);
        Assert.All(record.Missing, m => Assert.StartsWith("Observation", m.What, StringComparison.Ordinal));
        Assert.All(record.Missing, m => Assert.Contains("did not answer in time, 2 times", m.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(record.Resources, r => r.TypeInfo.Name == "Observation");
        Assert.Contains(record.Resources, r => r.TypeInfo.Name == "Patient");
        // Without the labs, the eGFR-based findings cannot be raised: fewer findings than with the whole record, none invented.
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKinds.DrugRenal);
        Assert.True(result.Findings.Count < baseline.Findings.Count, $"{result.Findings.Count} findings on the partial record, {baseline.Findings.Count} on the whole");
        Assert.Equal(new DeliveryReport(written.Count, 0, 0), await _flow.DeliverAsync());
        _flow.AssertOneSetPerFinding(written, result.Reasoner);
    }

    [Fact]
    public async Task A_failing_server_that_recovers_is_retried_by_the_pull_and_by_the_outbox_and_ends_with_one_set_per_finding()
    {
        var baseline = await _flow.BaselineAsync();
        _flow.Faults.Script.Enqueue(new(HttpStatusCode.ServiceUnavailable, When: IsEverything));
        _flow.Faults.Script.Enqueue(new(HttpStatusCode.InternalServerError, When: IsEverything));

        var record = await _flow.PullAsync();
        var result = await _flow.ReasonAsync(record);
        var written = await _flow.WriteAsync(result);

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Equal(2, record.Statistics.Retries);
        Assert.Equal(Titles(baseline), Titles(result));

        // The first transaction: 503, then a 500 after the server did the work (the answer was lost), then 200.
        _flow.Faults.Script.Enqueue(new(HttpStatusCode.ServiceUnavailable, When: IsTransaction));
        Assert.Equal(new DeliveryReport(written.Count - 1, 1, 0), await _flow.DeliverAsync());
        _flow.Faults.Script.Enqueue(new(HttpStatusCode.InternalServerError, AfterForwarding: true, When: IsTransaction));
        _flow.Outbox.Clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(new DeliveryReport(0, 1, 0), await _flow.DeliverAsync());
        _flow.Outbox.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(new DeliveryReport(1, 0, 0), await _flow.DeliverAsync());

        Assert.Equal(4, _flow.Faults.Injected);
        Assert.Equal(new OutboxCounts(0, 0, written.Count, 0), await _flow.Outbox.Store.CountAsync(TestContext.Current.CancellationToken));
        _flow.AssertOneSetPerFinding(written, result.Reasoner);
    }

    [Fact]
    public async Task A_rate_limiting_server_has_its_Retry_After_honoured_by_the_pull_and_by_the_outbox()
    {
        _flow.Faults.Script.Enqueue(new(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3), When: IsEverything));

        var record = await _flow.PullAsync();
        var result = await _flow.ReasonAsync(record);
        var written = await _flow.WriteAsync(result);

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Equal(1, record.Statistics.Retries);
        Assert.Contains(TimeSpan.FromSeconds(3), _flow.RetryClock.Waits);

        _flow.Faults.Script.Enqueue(new(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), When: IsTransaction));
        Assert.Equal(new DeliveryReport(written.Count - 1, 1, 0), await _flow.DeliverAsync());
        var waiting = Assert.Single(await _flow.Outbox.Store.ListAsync(OutboxState.Pending, TestContext.Current.CancellationToken));
        Assert.Equal(_flow.Outbox.Clock.GetUtcNow() + TimeSpan.FromSeconds(7), waiting.NextAttemptAt);
        _flow.Outbox.Clock.Advance(TimeSpan.FromSeconds(6.5));
        Assert.Equal(new DeliveryReport(0, 0, 0), await _flow.DeliverAsync()); // not before the server said
        _flow.Outbox.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(new DeliveryReport(1, 0, 0), await _flow.DeliverAsync());

        _flow.AssertOneSetPerFinding(written, result.Reasoner);
    }
}
