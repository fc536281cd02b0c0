using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SmartReasoning.Sandbox.Synthetic;
using Patient = SmartReasoning.Fhir.Model.Patient;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary><c>smartreasoning serve</c> as a real process: the sandbox beside it is trusted as a CDS client; a bad clients file is refused.</summary>
public sealed class ServeCdsTests
{
    private static ProcessStartInfo Serve(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smartreasoning.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    [Fact]
    public async Task Serve_with_the_sandbox_answers_its_chart_hooks_with_cards()
    {
        var feedback = Path.Combine(Path.GetTempPath(), $"sr-serve-feedback-{Guid.NewGuid():N}.db");
        using var process = Process.Start(Serve("--port", FreePort().ToString(CultureInfo.InvariantCulture), "--sandbox-port", "0", "--sandbox", "--feedback-db", feedback))!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            string? chart = null;
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                if (line.Contains("sandbox EHR chart: ", StringComparison.Ordinal)) chart = line[line.IndexOf("http", StringComparison.Ordinal)..].TrimEnd('/');
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal)) break;
            }
            Assert.NotNull(chart);
            var patient = SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == Archetype.ChronicKidneyDiseaseOnMetformin)
                .Entry.Select(e => e.Resource).OfType<Patient>().Single().Id;
            using var http = new HttpClient();
            using var content = new StringContent("""{"prefetch":"normal","order":{"drug":"860975","dose":"500 mg","draftId":"d1"}}""", Encoding.UTF8, "application/json");

            using var response = await http.PostAsync(new Uri($"{chart}/chart/{patient}/cds/order-sign"), content, timeout.Token);
            var html = await response.Content.ReadAsStringAsync(timeout.Token);

            Assert.True(response.IsSuccessStatusCode, html);
            Assert.Contains("Metformin is contraindicated", html, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            foreach (var file in new[] { feedback, feedback + "-wal", feedback + "-shm" }) File.Delete(file);
        }
    }

    [Fact]
    public async Task Serve_refuses_an_invalid_cds_clients_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sr-clients-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """[{"iss": "https://x.example"}]""", TestContext.Current.CancellationToken);
        try
        {
            using var process = Process.Start(Serve("--port", "0", "--cds-clients", file, "--sandbox", "false"))!;
            var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains("neither \"jwks\" nor \"jku\"", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
