using Microsoft.AspNetCore.Http;
using SmartReasoning.Pull;

namespace SmartReasoning.Tests.Pull;

/// <summary>The pull against a server that throttles, fails, hangs or pages badly (<see cref="FakeFhirServer"/>).</summary>
public sealed class MisbehavingServerTests : IAsyncLifetime
{
    private static readonly Func<CancellationToken, ValueTask<string?>> NoToken = _ => ValueTask.FromResult<string?>(null);

    private readonly HttpClient _http = new();
    private FakeFhirServer _server = null!;

    public InstantRetryClock Clock { get; } = new();

    public async ValueTask InitializeAsync() => _server = await FakeFhirServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private PatientRecordPuller Puller(PullOptions? options = null) =>
        new(_http, (options ?? new PullOptions()) with { RetryClock = Clock, RetryDelay = TimeSpan.FromMilliseconds(1) });

    private Task<PulledRecord> PullAsync(PullOptions? options = null) =>
        Puller(options).PullAsync(_server.FhirBase, "p1", NoToken, TestContext.Current.CancellationToken);

    private static IResult Status(int status, string? retryAfter = null) => new HeaderedResult(status, retryAfter);

    private static List<string> Keys(PulledRecord record) => [.. record.Resources.Select(r => $"{r.TypeInfo.Name}/{r.Id}")];

    [Fact]
    public async Task Without_everything_in_the_capability_statement_each_type_is_searched_and_referenced_medications_read()
    {
        var record = await PullAsync();

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.False(record.Statistics.UsedEverything);
        Assert.Contains("Observation/obs-laboratory", Keys(record));
        Assert.Contains("Observation/obs-vital-signs", Keys(record));
        Assert.Contains("Observation/obs-social-history", Keys(record));
        Assert.Contains("CarePlan/CarePlan-1", Keys(record));
        Assert.Contains("Medication/med-1", Keys(record));
        Assert.Equal(1, _server.CountOf("Medication/med-1"));
        Assert.Equal(0, _server.CountOf("Patient/p1/$everything"));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_as_asked_and_then_succeeds()
    {
        _server.Misbehave = (http, before) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/Condition", StringComparison.Ordinal) && before < 2 ? Status(429, "7") : null);

        var record = await PullAsync();

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Contains("Condition/Condition-1", Keys(record));
        Assert.Equal(2, record.Statistics.Retries);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], Clock.Waits.Where(w => w > TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_is_cut_to_the_cap()
    {
        _server.Misbehave = (http, before) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/Procedure", StringComparison.Ordinal) && before == 0 ? Status(429, "3600") : null);

        var record = await PullAsync(new PullOptions { MaxRetryDelay = TimeSpan.FromSeconds(15) });

        Assert.True(record.IsComplete);
        Assert.Contains(TimeSpan.FromSeconds(15), Clock.Waits);
        Assert.DoesNotContain(Clock.Waits, w => w > TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Server_errors_are_retried_and_then_succeed()
    {
        _server.Misbehave = (http, before) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/Encounter", StringComparison.Ordinal) && before < 2 ? Status(before == 0 ? 503 : 500) : null);

        var record = await PullAsync();

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Contains("Encounter/Encounter-1", Keys(record));
        Assert.Equal(2, record.Statistics.Retries);
        Assert.Equal(3, _server.CountOf("Encounter?"));
    }

    [Fact]
    public async Task A_search_that_keeps_failing_is_recorded_as_missing_and_the_rest_is_kept()
    {
        _server.Misbehave = (http, _) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/Immunization", StringComparison.Ordinal) ? Status(502) : null);

        var record = await PullAsync(new PullOptions { MaxRetries = 2 });

        var missing = Assert.Single(record.Missing);
        Assert.Equal("Immunization", missing.What);
        Assert.Equal(502, missing.HttpStatus);
        Assert.Contains("kept failing", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(3, _server.CountOf("Immunization?"));
        Assert.Contains("Condition/Condition-1", Keys(record));
    }

    [Fact]
    public async Task A_search_that_never_answers_times_out_and_is_recorded_as_missing()
    {
        _server.Misbehave = async (http, _) =>
        {
            if (http.Request.Path.Value!.EndsWith("/DiagnosticReport", StringComparison.Ordinal))
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
            return null;
        };

        var record = await PullAsync(new PullOptions { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 1 });

        var missing = Assert.Single(record.Missing);
        Assert.Equal("DiagnosticReport", missing.What);
        Assert.Contains("did not answer", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _server.CountOf("DiagnosticReport?"));
        Assert.Contains("Patient/p1", Keys(record));
    }

    [Fact]
    public async Task An_http_client_timeout_shorter_than_ours_also_counts_as_a_timeout_not_as_the_budget()
    {
        _server.Misbehave = async (http, _) =>
        {
            if (http.Request.Path.Value!.EndsWith("/Immunization", StringComparison.Ordinal))
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
            return null;
        };
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var puller = new PatientRecordPuller(impatient, new PullOptions { MaxRetries = 1, RetryClock = Clock, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var record = await puller.PullAsync(_server.FhirBase, "p1", NoToken, TestContext.Current.CancellationToken);

        var missing = Assert.Single(record.Missing);
        Assert.Equal("Immunization", missing.What);
        Assert.Contains("did not answer", missing.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _server.CountOf("Immunization?"));
    }

    [Fact]
    public async Task When_the_time_budget_runs_out_every_unfinished_query_is_recorded_as_missing()
    {
        _server.Misbehave = async (http, _) =>
        {
            if (!http.Request.Path.Value!.EndsWith("/metadata", StringComparison.Ordinal))
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
            return null;
        };

        var record = await PullAsync(new PullOptions { TotalBudget = TimeSpan.FromMilliseconds(300) });

        Assert.Empty(record.Resources);
        Assert.Equal(13, record.Missing.Count); // Patient, three Observation categories, nine other types
        Assert.All(record.Missing, m => Assert.Contains("time budget", m.Reason, StringComparison.Ordinal));
        Assert.Contains(record.Missing, m => m.What == "Observation?category=social-history");
    }

    [Fact]
    public async Task Cancelling_the_pull_throws_rather_than_returning_a_partial_record()
    {
        _server.Misbehave = async (http, _) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted);
            return null;
        };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Puller().PullAsync(_server.FhirBase, "p1", NoToken, cancel.Token));
    }

    [Fact]
    public async Task Next_links_are_followed_whether_relative_or_absolute()
    {
        _server.Misbehave = (http, _) =>
        {
            if (!http.Request.Path.Value!.EndsWith("/Condition", StringComparison.Ordinal)) return Task.FromResult<IResult?>(null);
            var page = http.Request.Query["page"].ToString();
            var bundle = page switch
            {
                "" => FakeFhirServer.Searchset(FakeFhirServer.Match(FakeFhirServer.ResourceOf("Condition", "c1")), "Condition?patient=p1&page=2"),
                "2" => FakeFhirServer.Searchset(FakeFhirServer.Match(FakeFhirServer.ResourceOf("Condition", "c2")), _server.FhirBase + "/Condition?patient=p1&page=3"),
                _ => FakeFhirServer.Searchset(FakeFhirServer.Match(FakeFhirServer.ResourceOf("Condition", "c3"))),
            };
            return Task.FromResult<IResult?>(FakeFhirServer.Fhir(bundle));
        };

        var record = await PullAsync();

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.Equal(["Condition/c1", "Condition/c2", "Condition/c3"], Keys(record).Where(k => k.StartsWith("Condition/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_next_link_that_loops_back_stops_the_paging_and_says_so()
    {
        _server.Misbehave = (http, _) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/Procedure", StringComparison.Ordinal)
                ? FakeFhirServer.Fhir(FakeFhirServer.Searchset(FakeFhirServer.Match(FakeFhirServer.ResourceOf("Procedure", "p-1")), $"Procedure{http.Request.QueryString}"))
                : null);

        var record = await PullAsync();

        var missing = Assert.Single(record.Missing);
        Assert.Equal("Procedure", missing.What);
        Assert.Contains("repeats", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("Procedure/p-1", Keys(record));
    }

    [Fact]
    public async Task A_next_link_to_another_server_is_not_followed_so_the_token_stays_home()
    {
        _server.Misbehave = (http, _) => Task.FromResult<IResult?>(
            http.Request.Path.Value!.EndsWith("/CarePlan", StringComparison.Ordinal)
                ? FakeFhirServer.Fhir(FakeFhirServer.Searchset(FakeFhirServer.Match(FakeFhirServer.ResourceOf("CarePlan", "cp-1")), "http://127.0.0.2:9/fhir/CarePlan?page=2"))
                : null);

        var record = await PullAsync();

        var missing = Assert.Single(record.Missing);
        Assert.Equal("CarePlan", missing.What);
        Assert.Contains("leaves its FHIR base", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_is_used_when_advertised_and_the_metadata_is_asked_once_per_server()
    {
        _server.OffersEverything = true;
        var puller = Puller();

        var first = await puller.PullAsync(_server.FhirBase, "p1", NoToken, TestContext.Current.CancellationToken);
        var second = await puller.PullAsync(_server.FhirBase, "p1", NoToken, TestContext.Current.CancellationToken);

        Assert.True(first.Statistics.UsedEverything);
        Assert.True(second.Statistics.UsedEverything);
        Assert.Equal(["Patient/p1", "Condition/Condition-1"], Keys(first));
        Assert.Equal(1, _server.CountOf("metadata"));
        Assert.Equal(0, _server.CountOf("Condition?"));
    }

    [Fact]
    public async Task Everything_refused_with_a_4xx_falls_back_to_the_per_type_searches()
    {
        _server.OffersEverything = true;
        _server.Misbehave = (http, _) => Task.FromResult<IResult?>(http.Request.Path.Value!.EndsWith("/$everything", StringComparison.Ordinal) ? Status(400) : null);

        var record = await PullAsync();

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.False(record.Statistics.UsedEverything);
        Assert.Contains("Observation/obs-laboratory", Keys(record));
    }

    [Fact]
    public async Task Everything_refused_with_a_401_stops_the_pull_and_says_the_token_was_refused()
    {
        _server.OffersEverything = true;
        _server.Misbehave = (http, _) => Task.FromResult<IResult?>(http.Request.Path.Value!.EndsWith("/$everything", StringComparison.Ordinal) ? Status(401) : null);

        var record = await PullAsync();

        var missing = Assert.Single(record.Missing);
        Assert.Equal("Patient/$everything", missing.What);
        Assert.Equal(401, missing.HttpStatus);
        Assert.Equal(0, _server.CountOf("Condition?"));
    }

    [Fact]
    public async Task The_bearer_token_is_sent_on_searches_but_not_for_the_capability_statement()
    {
        List<(string Path, string? Authorization)> seen = [];
        _server.Misbehave = (http, _) =>
        {
            lock (seen) seen.Add((http.Request.Path.Value!, http.Request.Headers.Authorization.FirstOrDefault()));
            return Task.FromResult<IResult?>(null);
        };

        await Puller().PullAsync(_server.FhirBase, "p1", _ => ValueTask.FromResult<string?>("token-123"), TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(seen, s => s.Path.EndsWith("/metadata", StringComparison.Ordinal)).Authorization);
        Assert.All(seen.Where(s => !s.Path.EndsWith("/metadata", StringComparison.Ordinal)), s => Assert.Equal("Bearer token-123", s.Authorization));
    }

    /// <summary>A bodiless status, with a Retry-After header when given.</summary>
    private sealed class HeaderedResult(int status, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is not null) httpContext.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        }
    }
}
