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
if (args is ["cds-load-setup", var folder, var serviceUrl, var tokens, .. var rest] && rest.Length <= 1)
{
    var varied = rest.Length == 1 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 48;
    Environment.Exit(CdsLoadSetup.Run(folder, serviceUrl, int.Parse(tokens, System.Globalization.CultureInfo.InvariantCulture), varied));
}
if (args is ["cds-timing", .. var timingArgs] && timingArgs.Length <= 2)
{
    await CdsTiming.RunAsync(timingArgs.Length >= 1 ? int.Parse(timingArgs[0], System.Globalization.CultureInfo.InvariantCulture) : 48, timingArgs is [_, "cache"]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(JsonBenchmarks).Assembly).Run(args);
