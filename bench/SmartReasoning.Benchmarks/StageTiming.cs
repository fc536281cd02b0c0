using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Compile;
using SmartReasoning.Deidentify;
using SmartReasoning.Pull;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox;
using SmartReasoning.Server;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// `stage-timing`: each stage of the flow on one 5,000-resource patient in the sandbox on loopback, side by side in one
/// run: pull ($everything, pages of 1000), compile, de-identify (with the leak check), reason (guideline rules), write
/// (validate against fhir-profiles and queue in the outbox) and deliver (the conditional transactions to the sandbox).
/// Best of several runs after a warm-up (the machine is shared); the first delivery creates, the later ones find the
/// findings already written. Prints one line per stage and the process's peak working set.
/// </summary>
internal static class StageTiming
{
    private const int TargetResources = 5000;

    public static async Task RunAsync(int runs = 5)
    {
        var (store, patient, generated, padding) = LargePatient.Load(TargetResources);
        await using var sandbox = SandboxServer.Build(new SandboxOptions { Port = 0, Open = true, LoadCohort = false }, store);
        await sandbox.StartAsync();
        var fhirBase = SandboxServer.BaseUrl(sandbox) + "/fhir";
        var data = Directory.CreateTempSubdirectory("smartreasoning-bench-");
        try
        {
            await using var service = SmartReasoningServer.Build(new ServerOptions
            {
                Port = 0, DataFolder = data.FullName, DeliverWriteBacks = false, FhirPackagePath = Corpus.ExamplesFolder,
            });
            var writer = service.Services.GetRequiredService<FindingWriter>();
            var delivery = service.Services.GetRequiredService<OutboxDelivery>();
            using var http = new HttpClient();
            var puller = new PatientRecordPuller(http, new PullOptions { PageSize = 1000 });
            var deidentifier = new Deidentifier();
            var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Console.WriteLine($"patient with {generated + padding} resources ({generated} generated, {padding} lab Observations added)");

            Dictionary<string, List<double>> times = [];
            void Record(string stage, Stopwatch clock) => (times.TryGetValue(stage, out var list) ? list : times[stage] = []).Add(clock.Elapsed.TotalMilliseconds);
            int findings = 0, delivered = 0, resources = 0;
            for (var run = 0; run <= runs; run++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                var record = await puller.PullAsync(fhirBase, patient, _ => ValueTask.FromResult<string?>(null));
                Record("pull", clock);
                resources = record.Resources.Count;

                clock.Restart();
                var context = new ContextCompiler().Compile(record.Resources, record.Missing, asOf);
                Record("compile", clock);

                clock.Restart();
                ModelContext.Build(record.ToBundle(), deidentifier, asOf);
                Record("deidentify", clock);

                clock.Restart();
                var result = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.PatientView));
                Record("reason", clock);
                findings = result.Findings.Count;

                clock.Restart();
                await writer.WriteAsync(result, new WriteTarget(fhirBase, new FindingSubject(patient, null, asOf), WriteAuth.Open));
                Record("write", clock);

                clock.Restart();
                var report = await delivery.DeliverDueAsync();
                Record("deliver", clock);
                if (run == 0) delivered = report.Delivered;
            }

            Console.WriteLine($"{resources} resources pulled, {findings} findings, {delivered} transactions delivered on the first run");
            foreach (var (stage, goal) in new[]
                     {
                         ("pull", "under 1000 ms"), ("compile", "under 100 ms"), ("deidentify", "no goal set"), ("reason", "under 5 ms"),
                         ("write", "no goal set"), ("deliver", "no goal set"),
                     })
            {
                var all = times[stage];
                Console.WriteLine($"stage {stage}: best {all.Skip(1).Min():F1} ms, first {all[0]:F1} ms; goal {goal}");
            }
            Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
