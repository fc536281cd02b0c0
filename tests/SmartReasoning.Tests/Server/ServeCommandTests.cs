using System.Diagnostics;
using System.Net.Sockets;
using System.Net;

namespace SmartReasoning.Tests.Server;

/// <summary>`smartreasoning serve`, the main job, started as a real process.</summary>
public class ServeCommandTests
{
    [Fact]
    public async Task Serve_prints_its_url_answers_health_and_runs_the_sandbox_beside_it()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smartreasoning.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--sandbox-port");
        start.ArgumentList.Add("0");
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            while (line is not null && !line.StartsWith("SmartReasoning is listening on", StringComparison.Ordinal));

            Assert.Equal($"SmartReasoning is listening on http://127.0.0.1:{port}", line);
            using var client = new HttpClient();
            var health = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/health"), timeout.Token);
            Assert.Contains("\"status\":\"pass\"", health, StringComparison.Ordinal);

            // The sandbox EHR runs beside it and answers FHIR.
            do line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            while (line is not null && !line.Contains("sandbox EHR FHIR base: ", StringComparison.Ordinal));
            Assert.NotNull(line);
            var fhirBase = line[line.IndexOf("http", StringComparison.Ordinal)..];
            Assert.StartsWith("http://127.0.0.1:", fhirBase, StringComparison.Ordinal);
            var metadata = await client.GetStringAsync(new Uri(fhirBase + "/metadata"), timeout.Token);
            Assert.Contains("\"fhirVersion\":\"4.0.1\"", metadata, StringComparison.Ordinal);

            // Ready, with the sandbox's FHIR server among those checked.
            using var ready = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), timeout.Token);
            var readiness = await ready.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(ready.IsSuccessStatusCode, readiness);
            Assert.Contains("\"fhir:responseTime\"", readiness, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
