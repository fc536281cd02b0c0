using System.Globalization;
using SmartReasoning.Cli;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.WriteBack;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Cli;

/// <summary><c>smartreasoning demo</c> run in process: the whole flow for every archetype, and a table that tells the truth.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_runs_every_archetype_and_its_table_matches_what_the_sandbox_holds()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Dictionary<string, int> held = [];

        var exit = await DemoCommand.RunAsync(validate: false, output, error, TestContext.Current.CancellationToken, (store, rows) =>
        {
            // Counted here by FHIR content, not by the demo's own helper: the AI finding Observations per patient.
            foreach (var observation in store.Current("Observation").Select(s => s.Resource).OfType<Observation>())
            {
                if (!observation.Identifier.Any(i => i.System?.Value == AiTransparencyCodes.FingerprintSystem)) continue;
                var subject = observation.Subject!.ReferenceValue!.Value!;
                held[subject] = held.GetValueOrDefault(subject) + 1;
            }
            return Task.CompletedTask;
        });

        Assert.True(exit == 0, output + "\n" + error);
        var table = output.ToString().Split('\n').Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        var header = table[0];
        var rows = table.Where(cells => Enum.TryParse<Archetype>(cells[0], out _)).ToList();
        Assert.Equal(Enum.GetNames<Archetype>().Order(), rows.Select(r => r[0]).Order());
        int Column(string[] row, string name) => int.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            Assert.True(Column(row, "resources") > 0, string.Join(" | ", row));
            Assert.Equal(held.GetValueOrDefault($"Patient/{row[1]}"), Column(row, "observations"));
            Assert.Equal(Column(row, "findings"), Column(row, "observations"));
        }
        Assert.Contains(rows, r => Column(r, "observations") > 0);
        Assert.Contains(rows, r => Column(r, "cards") > 0);
        Assert.Contains("12 of 12 archetypes ran", output.ToString(), StringComparison.Ordinal);
    }
}
