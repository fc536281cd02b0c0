using System.Diagnostics;
using System.Text.Json;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// Wall-clock time for the whole examples corpus, parsed into the model and written back, on one thread
/// (the goal: under 2 s), beside JsonDocument.Parse of the same bytes. Best of several runs after a warm-up.
/// </summary>
internal static class CorpusTiming
{
    public static void Run(int runs = 5)
    {
        var corpus = Corpus.LoadExamples();
        var bytes = corpus.Sum(c => (long)c.Length);
        var parser = new FhirJsonParser();
        Console.WriteLine($"corpus: {corpus.Length} resources, {bytes / 1e6:F1} MB");

        var jsonDocument = Best(runs, () => { foreach (var c in corpus) JsonDocument.Parse(c).Dispose(); });
        var parse = Best(runs, () => { foreach (var c in corpus) _ = parser.Parse(c).Value; });
        var parseAndWrite = Best(runs, () =>
        {
            foreach (var c in corpus) _ = FhirJsonSerializer.SerializeToUtf8Bytes(parser.Parse(c).Value!);
        });
        Console.WriteLine($"JsonDocument.Parse     {jsonDocument.TotalSeconds,8:F3} s");
        Console.WriteLine($"typed parse            {parse.TotalSeconds,8:F3} s  ({parse / jsonDocument:F2}x JsonDocument.Parse)");
        Console.WriteLine($"typed parse + write    {parseAndWrite.TotalSeconds,8:F3} s  (goal < 2 s)");
    }

    private static TimeSpan Best(int runs, Action action)
    {
        action();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            action();
            if (clock.Elapsed < best) best = clock.Elapsed;
        }
        return best;
    }
}
