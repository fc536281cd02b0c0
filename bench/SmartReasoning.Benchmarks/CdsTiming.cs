using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartReasoning.CdsHooks;
using SmartReasoning.CdsHooks.Cards;
using SmartReasoning.CdsHooks.Feedback;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Pull;
using SmartReasoning.Reason;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// `cds-timing [varied-patients] [cache]`: the CPU and allocations of one order-sign call, stage by stage, in one thread without
/// HTTP (so other processes' load on the machine barely moves it): the JWT check, reading the request, the prefetch
/// into a record, compiling, reasoning, the cards, the feedback write and the response's bytes. Once for the
/// kidney-disease patient alone, once cycling through varied patients. The stages never use the context cache; the whole
/// handler (run after them, each call) uses it only with `cache`.
/// </summary>
internal static class CdsTiming
{
    private const string Url = "http://127.0.0.1:5480/cds-services/smartreasoning-order-sign";

    public static async Task RunAsync(int variedPatients, bool contextCache)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var clients = CdsClientsFile.Parse(new JsonArray(CdsLoadSetup.Client(key)).ToJsonString());
        var validator = new CdsJwtValidator(new CdsClientRegistry(clients), new JkuKeyCache(new HttpClient(), TimeProvider.System),
            new JtiReplayGuard(TimeProvider.System), TimeProvider.System);
        using var http = new HttpClient();
        var allowed = new AllowedFhirServers([], new CdsClientRegistry(clients));
        var records = new CdsRecordSource(new PatientRecordPuller(http), allowed);
        using var feedback = new SqliteFeedbackStore(Path.Combine(Path.GetTempPath(), $"cds-timing-{Guid.NewGuid():N}.db"));
        var options = new CdsHooksOptions();
        var handler = new CdsHookHandler(records, new RecordReasoner(), options, feedback, allowed, new CdsAdmission(1),
            new CdsContextCache(contextCache ? options.ContextCacheEntries : 0, options.ContextCacheLifetime, TimeProvider.System), TimeProvider.System, NullLogger<CdsHookHandler>.Instance);

        var kidney = JsonSerializer.SerializeToUtf8Bytes(CdsLoadSetup.KidneyPatientOrderSign());
        var varied = CdsLoadSetup.VariedOrderSigns(variedPatients).Select(b => JsonSerializer.SerializeToUtf8Bytes(b)).ToArray();
        const int Calls = 300;
        var tokens = CdsLoadSetup.Tokens(key, Url, 3 * Calls + 100);
        var next = 0;
        Console.WriteLine($"kidney-disease body {kidney.Length / 1024} KiB; varied bodies {varied.Min(b => b.Length) / 1024}-{varied.Max(b => b.Length) / 1024} KiB");

        foreach (var (name, bodies, calls) in new[] { ("warm-up", varied, 60), ("kidney-disease patient", [kidney], Calls), ($"{variedPatients} varied patients", varied, Calls) })
        {
            var stages = new Stages();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                var body = bodies[i % bodies.Length];
                var caller = await stages.TimeAsync("jwt", () => validator.ValidateAsync("Bearer " + tokens[next++], Url, default));
                if (!caller.IsTrusted) throw new InvalidOperationException(caller.Refusal);
                var (request, problems) = stages.Time("read request", () => CdsRequestReader.Read(CdsServiceCatalogue.OrderSign, body));
                if (request is null) throw new InvalidOperationException(string.Join("; ", problems));
                var record = await stages.TimeAsync("prefetch to record", () => records.ObtainAsync(request, caller.Client, default));
                var reasoner = new RecordReasoner();
                var trigger = ReasoningTrigger.ForHook(request.Hook, request.MedicationDrafts())!;
                var prepared = stages.Time("compile", () => reasoner.Prepare(record.Record!, trigger, DateTimeOffset.UtcNow));
                var result = await stages.TimeAsync("reason", () => reasoner.ReasonAsync(prepared, default));
                var cards = stages.Time("cards", () =>
                {
                    var evidence = new EvidenceText(prepared.Request);
                    return result.Findings.Select(f => CardBuilder.Build(f, request, evidence, "http://127.0.0.1:5480")).ToList();
                });
                await stages.TimeAsync("feedback write", async () => { await feedback.RecordCardsAsync(cards, default); return 0; });
                stages.Time("response bytes", () => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["cards"] = new JsonArray([.. cards.Select(c => (JsonNode)c.Json.DeepClone())]) }));
                // The whole handler once more (its own request read), to check the stages add up to it.
                var whole = await stages.TimeAsync("(whole handler)", () => handler.HandleAsync(CdsServiceCatalogue.OrderSign, body, caller.Client!, "http://127.0.0.1:5480", default));
                if (whole.Response is null) throw new InvalidOperationException(whole.Title);
            }
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / calls;
            if (name == "warm-up") continue;
            Console.WriteLine($"{name}: {calls} calls, {wall.Elapsed.TotalMilliseconds / calls:F2} ms wall and {cpuPerCall:F2} ms process CPU per call (stages and the whole handler again); " +
                $"GCs gen0 {GC.CollectionCount(0) - gcs.Item1}, gen1 {GC.CollectionCount(1) - gcs.Item2}, gen2 {GC.CollectionCount(2) - gcs.Item3}");
            stages.Print(calls);
        }
    }

    /// <summary>Wall time and bytes allocated per stage, in this thread.</summary>
    private sealed class Stages
    {
        private readonly Dictionary<string, (double Ms, long Bytes)> _totals = [];
        private readonly List<string> _order = [];

        public T Time<T>(string stage, Func<T> work)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var result = work();
            Add(stage, clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - bytes);
            return result;
        }

        public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var result = await work();
            Add(stage, clock.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - bytes);
            return result;
        }

        private void Add(string stage, double ms, long bytes)
        {
            if (!_totals.TryGetValue(stage, out var total)) _order.Add(stage);
            _totals[stage] = (total.Ms + ms, total.Bytes + bytes);
        }

        public void Print(int calls)
        {
            foreach (var stage in _order)
            {
                var (ms, bytes) = _totals[stage];
                Console.WriteLine($"  {stage,-22} {ms / calls,7:F3} ms {bytes / calls / 1024.0,9:F0} KiB allocated");
            }
        }
    }
}
