using System.Net;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// The outbox against a real sandbox FHIR server that fails on purpose: 503 then 200, 429 with Retry-After, an answer
/// lost after the server wrote, a 400, our process dying after queueing or while sending. In every case the sandbox
/// ends with exactly one Observation set (Observation, Provenance, Device) for the finding, or the write is a reported failure.
/// </summary>
public sealed class OutboxFaultTests : SandboxHost
{
    private readonly OutboxHarness _outbox = new();
    private readonly FaultyHandler _faults = new();
    private HttpClient _http = null!;

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _http = new HttpClient(_faults);
    }

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _outbox.Dispose();
        await base.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> QueueAsync()
    {
        var written = await _outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
        Assert.True(written.Queued);
        return written.Fingerprint;
    }

    private Task<DeliveryReport> DeliverAsync() => _outbox.Delivery(_http).DeliverDueAsync(Ct);

    [Fact]
    public async Task Answered_503_then_200_it_waits_its_backoff_then_lands_once()
    {
        var fingerprint = await QueueAsync();
        _faults.Script.Enqueue(new(HttpStatusCode.ServiceUnavailable));
        _faults.Script.Enqueue(new(HttpStatusCode.ServiceUnavailable));

        Assert.Equal(new DeliveryReport(0, 1, 0), await DeliverAsync());
        Assert.Equal(new DeliveryReport(0, 0, 0), await DeliverAsync()); // not due yet: nothing is sent
        _outbox.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal(new DeliveryReport(0, 1, 0), await DeliverAsync());
        var waiting = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Pending, Ct));
        Assert.InRange(waiting.NextAttemptAt - _outbox.Clock.GetUtcNow(), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.4)); // doubled
        _outbox.Clock.Advance(TimeSpan.FromSeconds(2.4));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
        var entry = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Delivered, Ct));
        Assert.Equal(3, entry.Attempts);
    }

    [Fact]
    public async Task Answered_429_with_Retry_After_it_waits_exactly_that_long()
    {
        var fingerprint = await QueueAsync();
        _faults.Script.Enqueue(new(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)));

        Assert.Equal(new DeliveryReport(0, 1, 0), await DeliverAsync());
        var waiting = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Pending, Ct));
        Assert.Equal(_outbox.Clock.GetUtcNow() + TimeSpan.FromSeconds(7), waiting.NextAttemptAt);
        Assert.Contains("429", waiting.LastError, StringComparison.Ordinal);
        _outbox.Clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DeliverAsync());
        _outbox.Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
    }

    [Fact]
    public async Task An_answer_lost_after_the_server_wrote_is_resent_and_creates_nothing_new()
    {
        var fingerprint = await QueueAsync();
        _faults.Script.Enqueue(new(HttpStatusCode.BadGateway, AfterForwarding: true));

        Assert.Equal(new DeliveryReport(0, 1, 0), await DeliverAsync());
        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
        _outbox.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        Assert.Equal(2, _faults.Forwarded);
        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
        Assert.DoesNotContain("created", Assert.Single(await _outbox.Store.ListAsync(OutboxState.Delivered, Ct)).Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_is_a_reported_failure_never_retried()
    {
        await _outbox.Store.EnqueueAsync(new OutboxMessage(OutboxKind.Transaction,
            """{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"}},"request":{"method":"POST"}}]}""",
            FhirBase, WriteAuth.Open, "broken"), _outbox.Clock.GetUtcNow(), Ct);

        Assert.Equal(new DeliveryReport(0, 0, 1), await DeliverAsync());
        _outbox.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DeliverAsync());

        var failed = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Failed, Ct));
        Assert.Contains("(400)", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("request.url", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task A_finding_answered_400_is_a_reported_failure_and_nothing_is_in_the_chart()
    {
        var fingerprint = await QueueAsync();
        _faults.Script.Enqueue(new(HttpStatusCode.BadRequest));

        Assert.Equal(new DeliveryReport(0, 0, 1), await DeliverAsync());

        Assert.Equal((0, 0, 0), SetCount(Store, fingerprint));
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await _outbox.Store.CountAsync(Ct));
    }

    [Fact]
    public async Task Killed_between_queueing_and_sending_a_restarted_process_delivers_it_once()
    {
        var fingerprint = await QueueAsync();

        // The process dies: its store is dropped with the message unsent. A new process opens the same file.
        var reopened = _outbox.Reopen();
        Assert.Equal(new OutboxCounts(1, 0, 0, 0), await reopened.CountAsync(Ct));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
    }

    [Fact]
    public async Task Killed_while_sending_the_lease_runs_out_and_the_resend_creates_nothing_new()
    {
        var fingerprint = await QueueAsync();
        // A process claims the message, its transaction reaches the server, and it dies before marking it delivered.
        var claimed = await _outbox.Store.ClaimNextAsync("dead-process", _outbox.Clock.GetUtcNow(), _outbox.Options.Lease, Ct);
        var sent = await new FhirWriteClient(Client, _outbox.Options).PostTransactionAsync(FhirBase, null, claimed!.Message.Payload, Ct);
        Assert.Null(sent.Failure);

        _outbox.Reopen();
        Assert.Equal(new DeliveryReport(0, 0, 0), await DeliverAsync()); // still leased
        _outbox.Clock.Advance(_outbox.Options.Lease);
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());
        Assert.False(await _outbox.Store.MarkDeliveredAsync(claimed.Id, "dead-process", _outbox.Clock.GetUtcNow(), null, Ct)); // its claim is gone

        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
        Assert.Equal(2, Assert.Single(await _outbox.Store.ListAsync(OutboxState.Delivered, Ct)).Attempts);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_given_up_and_reported_after_the_attempts_allowed()
    {
        var fingerprint = await QueueAsync();
        for (var i = 0; i < _outbox.Options.MaxAttempts; i++) _faults.Script.Enqueue(new(HttpStatusCode.InternalServerError));

        for (var i = 0; i < _outbox.Options.MaxAttempts; i++)
        {
            await DeliverAsync();
            _outbox.Clock.Advance(_outbox.Options.MaxDelay * 1.3);
        }

        var failed = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Failed, Ct));
        Assert.StartsWith($"gave up after {_outbox.Options.MaxAttempts} attempts", failed.LastError, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), SetCount(Store, fingerprint));
    }
}
