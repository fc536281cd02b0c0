using System.Diagnostics;

namespace SmartReasoning.Browser.Tests;

/// <summary>Runs a script of the node/ folder with Node and collects what it printed.</summary>
internal static class NodeScript
{
    public static string PathOf(string script) => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "SmartReasoning.Browser.Tests", "node", script);

    /// <summary>
    /// Runs <c>node script args</c>; a run that has not ended after <paramref name="patience"/> is killed and
    /// reported as exit code -1 (a guard against a hang, not a measure of speed).
    /// </summary>
    public static async Task<NodeRun> RunAsync(string node, string script, IEnumerable<string> arguments, TimeSpan patience, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(PathOf(script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(patience);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
            return new NodeRun(-1, await stdout, await stderr + $"\n(killed after {patience.TotalSeconds:0} s)");
        }
        return new NodeRun(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record NodeRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout: {Output}\nstderr: {Errors}";
}
