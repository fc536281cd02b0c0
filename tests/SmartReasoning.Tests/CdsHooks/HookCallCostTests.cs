using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SmartReasoning.CdsHooks;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.Compile;
using SmartReasoning.Tests.WriteBack;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// What keeps a hook call cheap under load without changing its answer: the compiled context of a prefetch sent again
/// (found by content, bounded in count and age), calls computed in arrival order a few at a time, the body read without
/// copies whether or not it has a Content-Length.
/// </summary>
public sealed class HookCallCostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Summaries(JsonObject response) =>
        string.Join(" | ", response["cards"]!.AsArray().Select(c => (string?)c!["summary"]));

    private static JsonObject PrefetchWithEgfr(int value)
    {
        var prefetch = HookRequests.FullPrefetch();
        var egfr = HookRequests.Egfr();
        egfr["valueQuantity"]!["value"] = value;
        prefetch["labs"] = HookRequests.Searchset(egfr);
        return prefetch;
    }

    [Fact]
    public async Task Prefetch_sent_again_is_answered_from_its_cached_context_and_a_changed_prefetch_is_not()
    {
        await using var host = await CdsTestHost.StartAsync();
        var cache = host.Get<CdsContextCache>();

        var first = await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWithEgfr(25)));
        var again = await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWithEgfr(25)));
        Assert.Equal(1, cache.Count);
        Assert.Contains("Metformin is contraindicated: eGFR 25", Summaries(first), StringComparison.Ordinal);
        Assert.Equal(Summaries(first), Summaries(again));

        // One byte different (eGFR 55): a new context, and no contraindication.
        var changed = await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWithEgfr(55)));
        Assert.Equal(2, cache.Count);
        Assert.DoesNotContain("contraindicated", Summaries(changed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_cache_turned_off_keeps_nothing_and_answers_the_same()
    {
        await using var host = await CdsTestHost.StartAsync(o => o with { ContextCacheEntries = 0 });

        var response = await host.CardsAsync("smartreasoning-order-sign", HookRequests.OrderSign(PrefetchWithEgfr(25)));

        Assert.Contains("Metformin is contraindicated: eGFR 25", Summaries(response), StringComparison.Ordinal);
        Assert.Equal(0, host.Get<CdsContextCache>().Count);
    }

    private static CdsServiceRequest Request(JsonObject prefetch)
    {
        var body = Encoding.UTF8.GetBytes(HookRequests.OrderSign(prefetch).ToJsonString());
        return CdsRequestReader.Read(CdsServiceCatalogue.OrderSign, body).Request!;
    }

    private static LongitudinalContext Context() => new(DateTimeOffset.UnixEpoch, null, [], [], [], [], [], [], [], [], [], [], 0);

    [Fact]
    public void Cached_context_expires_after_its_lifetime_and_the_least_recently_used_goes_when_full()
    {
        var clock = new ManualClock();
        var cache = new CdsContextCache(capacity: 2, TimeSpan.FromSeconds(60), clock);
        var (a, b, c) = (cache.KeyOf(Request(PrefetchWithEgfr(20)))!, cache.KeyOf(Request(PrefetchWithEgfr(30)))!, cache.KeyOf(Request(PrefetchWithEgfr(40)))!);
        Assert.Equal(a, cache.KeyOf(Request(PrefetchWithEgfr(20))));
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());

        cache.Put(a, Context());
        cache.Put(b, Context());
        Assert.True(cache.TryGet(a, out _)); // a is now the more recently used
        cache.Put(c, Context());
        Assert.True(cache.TryGet(a, out _));
        Assert.False(cache.TryGet(b, out _));
        Assert.Equal(2, cache.Count);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(cache.TryGet(a, out _));
        Assert.False(cache.TryGet(c, out _));
    }

    [Fact]
    public void Request_without_prefetch_has_no_cache_key()
    {
        var cache = new CdsContextCache(8, TimeSpan.FromSeconds(60), new ManualClock());
        var request = HookRequests.OrderSign();
        request.Remove("prefetch");
        Assert.Null(cache.KeyOf(CdsRequestReader.Read(CdsServiceCatalogue.OrderSign, Encoding.UTF8.GetBytes(request.ToJsonString())).Request!));
    }

    [Fact]
    public async Task Admission_lets_calls_compute_in_arrival_order_and_io_outside_gives_the_place_up()
    {
        var admission = new CdsAdmission(1);
        List<string> order = [];
        var first = await admission.EnterAsync(Ct);
        var second = Enter("second");
        var third = Enter("third");
        await Task.Delay(50, Ct);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        // While the first waits on I/O, the second computes; the first comes back after the third.
        var io = new TaskCompletionSource<int>();
        var outside = first.OutsideAsync(() => io.Task, Ct);
        (await second).Dispose();
        (await third).Dispose();
        io.SetResult(7);
        Assert.Equal(7, await outside);
        first.Dispose();
        Assert.Equal(["second", "third"], order);

        using var again = await admission.EnterAsync(Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct);

        async Task<CdsAdmission.Slot> Enter(string name)
        {
            var slot = await admission.EnterAsync(Ct);
            order.Add(name);
            return slot;
        }
    }

    [Fact]
    public async Task Hook_request_sent_in_chunks_without_a_content_length_is_read()
    {
        await using var host = await CdsTestHost.StartAsync();
        var url = host.ServiceUrl("smartreasoning-order-sign");
        using var body = new ChunkedStream(Encoding.UTF8.GetBytes(HookRequests.OrderSign(PrefetchWithEgfr(25)).ToJsonString()));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Sign(url));

        using var response = await host.Http.SendAsync(request, Ct);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Metformin is contraindicated: eGFR 25", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A stream of unknown length that gives a few bytes at a time, so the client sends it chunked.</summary>
    private sealed class ChunkedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1000));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1000)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}

/// <summary>The feedback store contract through the queue that records cards off the hook call's path, over SQLite.</summary>
public sealed class QueuedCardRecorderTests : FeedbackStoreContract, IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("feedback-queued-").FullName;
    private readonly List<QueuedCardRecorder> _stores = [];

    protected override Task<IFeedbackStore> OpenAsync()
    {
        var store = new QueuedCardRecorder(new SqliteFeedbackStore(Path.Combine(_folder, "feedback.db")));
        _stores.Add(store);
        return Task.FromResult<IFeedbackStore>(store);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
