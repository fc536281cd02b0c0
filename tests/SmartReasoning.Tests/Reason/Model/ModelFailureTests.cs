using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using static SmartReasoning.Tests.Reason.Model.ModelFixtures;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>
/// Every failure of the model ends in a result with no findings, a note naming why, and a machine-readable outcome;
/// none throws. Only the caller's cancellation propagates.
/// </summary>
public class ModelFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Header(string name, string value) => new() { [name] = value };

    private static async Task<ReasoningResult> ReasonAsync(FakeFoundry fake, ModelOptions? options = null) =>
        await new ModelReasoner(options ?? Options(fake)).ReasonAsync(Request(Context()), Ct);

    private static void AssertNotUsed(ReasoningResult result, ModelOutcome outcome, string why)
    {
        Assert.Equal(outcome, result.ModelOutcome);
        Assert.Empty(result.Findings);
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("The model was not used: " + why, note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limited_429_is_retried_after_Retry_After_and_then_succeeds()
    {
        await using var fake = await FakeFoundry.StartAsync(
            FakeFoundry.Error(429, "too_many_requests", Header("Retry-After", "1")), FakeFoundry.Completion(Answer()));
        var clock = Stopwatch.StartNew();
        var result = await ReasonAsync(fake);
        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        Assert.Equal(2, fake.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}, before the 1 s asked for");
    }

    [Fact]
    public async Task Retry_after_ms_is_honoured_and_a_rate_limit_that_persists_is_reported()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(429, "too_many_requests", Header("retry-after-ms", "20")));
        var result = await ReasonAsync(fake);
        AssertNotUsed(result, ModelOutcome.RateLimited, "the endpoint is rate limiting (HTTP 429 after 3 attempts)");
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_we_may_wait_is_not_waited_for()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(429, "too_many_requests", Header("Retry-After", "120")));
        var clock = Stopwatch.StartNew();
        var result = await ReasonAsync(fake);
        Assert.Equal(ModelOutcome.RateLimited, result.ModelOutcome);
        Assert.Single(fake.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_errors_are_retried_then_given_up_with_a_note(int status)
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(status));
        var result = await ReasonAsync(fake);
        AssertNotUsed(result, ModelOutcome.ServerError, $"the endpoint failed (server error) (HTTP {status} after 3 attempts)");
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_then_success_uses_the_answer()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(502), FakeFoundry.Completion(Answer()));
        Assert.Equal(ModelOutcome.Used, (await ReasonAsync(fake)).ModelOutcome);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Request_timeout_408_is_retried_then_reported_as_a_timeout()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(408, "timeout"));
        var result = await ReasonAsync(fake);
        AssertNotUsed(result, ModelOutcome.Timeout, "it did not answer in time (HTTP 408 after 3 attempts)");
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_ends_as_a_timeout()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()) with { Delay = TimeSpan.FromSeconds(5) });
        var clock = Stopwatch.StartNew();
        var result = await ReasonAsync(fake, Options(fake, timeout: TimeSpan.FromMilliseconds(300), maxRetries: 1));
        AssertNotUsed(result, ModelOutcome.Timeout, "it did not answer in time");
        Assert.InRange(fake.Requests.Count, 1, 2); // a timed-out attempt is retried (a cold first attempt may time out before it is received)
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_overall_deadline_bounds_the_retries()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()) with { Delay = TimeSpan.FromSeconds(5) });
        var options = Options(fake, timeout: TimeSpan.FromSeconds(2), maxRetries: 5);
        var clock = Stopwatch.StartNew();
        var result = await ReasonAsync(fake, new ModelOptions
        {
            Endpoint = options.Endpoint, Deployment = options.Deployment, ApiKey = options.ApiKey, Timeout = options.Timeout,
            MaxRetries = options.MaxRetries, OverallTimeout = TimeSpan.FromMilliseconds(400),
        });
        Assert.Equal(ModelOutcome.Timeout, result.ModelOutcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_content_filter_400_is_not_retried_and_reported_as_filtered()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.ContentFilterError());
        var result = await ReasonAsync(fake);
        AssertNotUsed(result, ModelOutcome.ContentFiltered, "the content filter refused the request or the answer (the prompt was refused (400 content_filter))");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_finish_reason_of_content_filter_is_reported_as_filtered()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(null, finishReason: "content_filter"));
        AssertNotUsed(await ReasonAsync(fake), ModelOutcome.ContentFiltered, "the content filter refused the request or the answer");
    }

    [Fact]
    public async Task A_truncated_answer_is_not_read_and_its_usage_is_kept()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion("""{"findings":[{"kind":"drug-re""", finishReason: "length"));
        var result = await ReasonAsync(fake);
        AssertNotUsed(result, ModelOutcome.Truncated, "its answer was cut off");
        Assert.Equal(new TokenUsage(1234, 56), result.Usage);
        Assert.Equal(FakeFoundry.ServedModel, result.Reasoner.Version);
    }

    [Fact]
    public async Task A_response_that_is_not_a_chat_completion_is_malformed()
    {
        await using var fake = await FakeFoundry.StartAsync(new FakeReply(200, "<html>gateway</html>"));
        AssertNotUsed(await ReasonAsync(fake), ModelOutcome.Malformed, "its answer was not valid");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Refused_credentials_are_not_retried_and_reported(int status)
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(status, "PermissionDenied"));
        AssertNotUsed(await ReasonAsync(fake), ModelOutcome.Unauthorized, $"the endpoint refused our credentials (HTTP {status})");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_unknown_deployment_is_reported_as_rejected()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Error(404, "DeploymentNotFound"));
        AssertNotUsed(await ReasonAsync(fake), ModelOutcome.Rejected, "the endpoint rejected the request (HTTP 404)");
    }

    [Fact]
    public async Task A_refused_connection_is_reported_as_unreachable()
    {
        await using var fake = await FakeFoundry.StartAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var options = Options(fake);
        var closed = new ModelOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/openai/v1/"), Deployment = options.Deployment, ApiKey = options.ApiKey,
            MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        AssertNotUsed(await ReasonAsync(fake, closed), ModelOutcome.Unreachable, "the endpoint could not be reached");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()) with { Delay = TimeSpan.FromSeconds(10) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var request = Request(Context());
        fake.OnRequest = _ => cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ModelReasoner(Options(fake)).ReasonAsync(request, cancel.Token));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_during_a_retry_propagates_as_cancellation()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(Answer()) with { Delay = TimeSpan.FromSeconds(10) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // The first attempt times out; the caller cancels as the second arrives, so the SDK has two failed tries to report.
        fake.OnRequest = count => { if (count == 2) cancel.CancelAfter(TimeSpan.FromMilliseconds(50)); };
        var request = Request(Context());
        var reasoner = new ModelReasoner(Options(fake, timeout: TimeSpan.FromMilliseconds(250), maxRetries: 3));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(request, cancel.Token));
        Assert.Equal(2, fake.Requests.Count);
    }
}
