using System.Diagnostics;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// Wall-clock time to pull a 5,000-resource patient from the sandbox on loopback (the goal: under 1 s), by
/// <c>$everything</c> and by the per-type searches, at two page sizes. A synthetic patient is padded with lab
/// Observations up to the size. Best of several runs after a warm-up; peak working set at the end.
/// </summary>
internal static class PullTiming
{
    private const int TargetResources = 5000;

    public static async Task RunAsync(int runs = 5)
    {
        var (store, patient, generated, padding) = LargePatient.Load(TargetResources);
        await using var app = SandboxServer.Build(new SandboxOptions { Port = 0, Open = true, LoadCohort = false }, store);
        await app.StartAsync();
        var fhirBase = SandboxServer.BaseUrl(app) + "/fhir";
        using var http = new HttpClient();
        Console.WriteLine($"patient with {generated + padding} resources in its bundle (padded with {padding} lab Observations)");

        foreach (var (label, options) in new[]
                 {
                     ("$everything, pages of 100", new PullOptions { PageSize = 100 }),
                     ("$everything, pages of 1000", new PullOptions { PageSize = 1000 }),
                     ("per-type searches, pages of 100", new PullOptions { PageSize = 100, UseEverything = false }),
                     ("per-type searches, pages of 1000", new PullOptions { PageSize = 1000, UseEverything = false }),
                 })
        {
            var puller = new PatientRecordPuller(http, options);
            PulledRecord? last = null;
            var best = TimeSpan.MaxValue;
            for (var i = 0; i <= runs; i++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                last = await puller.PullAsync(fhirBase, patient, _ => ValueTask.FromResult<string?>(null));
                if (i > 0 && clock.Elapsed < best) best = clock.Elapsed; // run 0 warms up
            }
            Console.WriteLine($"{label,-34} {best.TotalMilliseconds,8:F0} ms  {last!.Resources.Count,5} resources  {last.Statistics.Requests,4} requests  missing {last.Missing.Count}  (goal < 1000 ms)");
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
    }
}
