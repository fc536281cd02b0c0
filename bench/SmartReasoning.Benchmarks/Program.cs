using BenchmarkDotNet.Running;
using SmartReasoning.Benchmarks;

if (args is ["compile-timing"])
{
    CompileTiming.Run();
    return;
}
if (args is ["corpus-timing"])
{
    CorpusTiming.Run();
    return;
}
if (args is ["validate-timing"])
{
    ValidateTiming.Run();
    return;
}
if (args is ["pull-timing"])
{
    await PullTiming.RunAsync();
    return;
}
if (args is ["stage-timing"])
{
    await StageTiming.RunAsync();
    return;
}
if (args is ["cds-load-setup", var folder, var serviceUrl, var tokens])
{
    Environment.Exit(CdsLoadSetup.Run(folder, serviceUrl, int.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture)));
}
BenchmarkSwitcher.FromAssembly(typeof(JsonBenchmarks).Assembly).Run(args);
