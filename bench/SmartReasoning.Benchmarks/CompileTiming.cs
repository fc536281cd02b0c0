using System.Diagnostics;
using SmartReasoning.Compile;

namespace SmartReasoning.Benchmarks;

/// <summary>A quick wall-clock check of the compile goals without BenchmarkDotNet: `compile-timing`.</summary>
internal static class CompileTiming
{
    public static void Run()
    {
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var compiler = new ContextCompiler();
        foreach (var (name, resources, goal) in new[]
        {
            ("largest shared patient", CompileBenchmarks.LargestSharedPatient(), 20.0),
            ("generated 5,000-resource patient", CompileBenchmarks.GeneratedPatient(5_000), 100.0),
        })
        {
            for (var i = 0; i < 20; i++) ContextRenderer.Render(compiler.Compile(resources, asOf: asOf));
            var before = GC.GetTotalAllocatedBytes(precise: true);
            const int Runs = 50;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Runs; i++) compiler.Compile(resources, asOf: asOf);
            var compileMs = clock.Elapsed.TotalMilliseconds / Runs;
            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;
            clock.Restart();
            var context = compiler.Compile(resources, asOf: asOf);
            for (var i = 0; i < Runs; i++) ContextRenderer.Render(context);
            var renderMs = clock.Elapsed.TotalMilliseconds / Runs;
            Console.WriteLine($"{name}: {resources.Count} resources, compile {compileMs:F2} ms ({allocated / 1024.0:F0} KiB allocated), render {renderMs:F2} ms; goal {goal} ms");
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
