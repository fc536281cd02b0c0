using System.Text.RegularExpressions;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Compile;

public sealed partial class ContextRendererTests
{
    private static readonly DateTimeOffset CohortToday = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (LongitudinalContext Context, List<Resource> Resources) LargestSynthetic()
    {
        var bundle = SyntheticCohort.Generate().MaxBy(b => b.Entry.Count)!;
        var resources = ContextCompiler.ResourcesOf(bundle).ToList();
        return (new ContextCompiler().Compile(resources, asOf: CohortToday), resources);
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var bundle = SyntheticCohort.Generate()[3];

        var first = ContextRenderer.Render(new ContextCompiler().Compile(bundle, asOf: CohortToday));
        var second = ContextRenderer.Render(new ContextCompiler().Compile(bundle, asOf: CohortToday));

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public void Rendering_is_ordered_problems_medications_allergies_labs_vitals_then_timeline()
    {
        var text = ContextRenderer.Render(LargestSynthetic().Context, 100_000).Text;

        var headings = text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        var order = new[] { "## Problems", "## Active medications", "## Allergies", "## Labs", "## Vital signs", "## Encounters", "## Left out", "## Missing" };
        var positions = order.Select(h => headings.FindIndex(x => x.StartsWith(h, StringComparison.Ordinal))).Where(i => i >= 0).ToList();
        Assert.True(positions.Count >= 5, text);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("Nothing was left out.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(800)]
    [InlineData(2000)]
    public void Rendering_stays_within_the_token_budget_and_counts_what_it_left_out(int budget)
    {
        var (context, _) = LargestSynthetic();
        var full = ContextRenderer.Render(context, 1_000_000);
        var factLines = full.Text.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal));

        var rendering = ContextRenderer.Render(context, budget);

        Assert.True(rendering.Text.Length <= budget * 4, $"{rendering.Text.Length} characters for a budget of {budget} tokens");
        Assert.True(rendering.ApproximateTokens <= budget);
        Assert.NotEmpty(rendering.LeftOut);
        var shown = rendering.Text.Split("\n## Left out")[0].Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.Equal(factLines, shown + rendering.LeftOut.Sum(l => l.Count));
        foreach (var item in rendering.LeftOut)
            Assert.Contains($"- {item.Section}: {item.Count}", rendering.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_fact_line_cites_resources_of_the_input()
    {
        var (context, resources) = LargestSynthetic();
        var references = Fhir.References(resources);

        var text = ContextRenderer.Render(context, 100_000).Text;

        var factLines = text.Split("\n## Left out")[0].Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("Demographics", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(factLines);
        foreach (var line in factLines)
        {
            var citation = Citation().Match(line);
            Assert.True(citation.Success, line);
            foreach (var reference in citation.Groups[1].Value.Split(", "))
                Assert.Contains(reference, references);
        }
    }

    [Fact]
    public void Missing_parts_of_the_record_are_said_at_the_end()
    {
        var context = new ContextCompiler().Compile([], [new MissingData("Observation?category=laboratory", "forbidden by the granted scopes", 403)], CohortToday);

        var text = ContextRenderer.Render(context).Text;

        Assert.EndsWith("## Missing from the record\n- Observation?category=laboratory: forbidden by the granted scopes (HTTP 403)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rendering_holds_no_name_of_the_patient()
    {
        var bundle = SyntheticCohort.Generate()[0];
        var patient = ContextCompiler.ResourcesOf(bundle).OfType<Patient>().Single();

        var text = ContextRenderer.Render(new ContextCompiler().Compile(bundle, asOf: CohortToday), 100_000).Text;

        foreach (var name in patient.Name)
        {
            if (name.Family?.Value is { } family) Assert.DoesNotContain(family, text, StringComparison.Ordinal);
            foreach (var given in name.Given) Assert.DoesNotContain(given.Value!, text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\[([A-Za-z]+/[^\[\]]+)\]$")]
    private static partial Regex Citation();
}
