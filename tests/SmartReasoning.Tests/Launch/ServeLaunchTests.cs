using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SmartReasoning.Tests.Launch;

/// <summary>`smartreasoning serve` as a real process: the chart's "Launch SmartReasoning" ends on SmartReasoning's app page with the patient.</summary>
public sealed partial class ServeLaunchTests
{
    [Fact]
    public async Task Chart_launch_of_serve_opens_the_patient_in_smartreasoning()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "smartreasoning.dll"), "serve", "--port", "0", "--sandbox-port", "0" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            string? chart = null, standalone = null;
            while ((chart is null || standalone is null) && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("sandbox EHR chart: ", StringComparison.Ordinal)) chart = line[line.IndexOf("http", StringComparison.Ordinal)..].TrimEnd('/');
                if (line.Contains("standalone launch: ", StringComparison.Ordinal)) standalone = line[line.IndexOf("http", StringComparison.Ordinal)..];
            }
            Assert.NotNull(chart);
            Assert.EndsWith("/launch?config=local-sandbox", standalone, StringComparison.Ordinal);
            using var browser = new TestBrowser();
            var list = await browser.GoAsync(chart + "/");
            var patient = ChartLink().Match(list.Html).Groups["id"].Value;

            var page = await browser.GoAsync($"{chart}/chart/{patient}/launch");

            Assert.Equal("/app", page.Url.AbsolutePath);
            Assert.False(string.IsNullOrEmpty(page.Element("patient-name")), page.Html);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    [GeneratedRegex("href=\"/chart/(?<id>[A-Za-z0-9\\-\\.]+)\"")]
    private static partial Regex ChartLink();
}
