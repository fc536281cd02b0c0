using BenchmarkDotNet.Running;
using SmartReasoning.Benchmarks;

if (args is ["corpus-timing"])
{
    CorpusTiming.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(JsonBenchmarks).Assembly).Run(args);
