using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using SmartReasoning.Reason;

namespace SmartReasoning.Tests.Reason;

/// <summary>The scenario library (scenarios/reasoning): its files load, the guideline reasoner meets it, and the scoring counts right.</summary>
public sealed class ScenarioLibraryTests
{
    private static string Library => Path.Combine(TestPaths.RepositoryRoot, "scenarios", "reasoning");

    [Fact]
    public async Task The_guideline_reasoner_raises_every_expected_finding_and_nothing_unexpected()
    {
        var scenarios = ReasoningScenario.LoadLibrary(Library);
        Assert.True(scenarios.Count >= 30, $"the library holds {scenarios.Count} scenarios");

        var report = await ScenarioReport.RunAsync(new GuidelineReasoner(), scenarios, TestContext.Current.CancellationToken);

        var failures = report.Outcomes.Where(o => !o.Passed)
            .Select(o => $"{o.Scenario.Name}: missed [{string.Join(", ", o.Missed)}] unexpected [{string.Join(", ", o.Unexpected.Select(f => $"{f.Kind.Code} {f.Severity}"))}]");
        Assert.True(report.Outcomes.All(o => o.Passed), string.Join(Environment.NewLine, failures));
        Assert.Equal(1.0, report.Sensitivity);
        Assert.Equal(1.0, report.Precision);
        Assert.Equal(0, report.UnexpectedCriticalCount);
    }

    [Fact]
    public void The_library_covers_every_finding_kind_and_has_negative_scenarios()
    {
        var scenarios = ReasoningScenario.LoadLibrary(Library);
        var expectedKinds = scenarios.SelectMany(s => s.Expected).Select(e => e.Kind).ToHashSet();
        Assert.All(FindingKinds.All, kind => Assert.Contains(kind.Code, expectedKinds));
        Assert.Contains(scenarios, s => s.Expected.Count == 0);
        Assert.Contains(scenarios, s => s.Request.Trigger.DraftOrders.Count > 0);
    }

    [Fact]
    public void Every_scenario_patient_can_be_sent_to_a_model_without_an_identifier()
    {
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        var deidentifier = new Deidentifier();
        foreach (var folder in Directory.GetDirectories(Library))
        {
            var record = (Bundle)parser.Parse(File.ReadAllBytes(Path.Combine(folder, ReasoningScenario.PatientFile))).Value!;
            var sent = ModelContext.Build(record, deidentifier, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Empty(LeakCheck.For(record).Scan(sent.Rendering.Text));
        }
    }

    [Fact]
    public void A_scenario_loads_its_date_hook_and_draft_order()
    {
        var scenario = ReasoningScenario.Load(Path.Combine(Library, "warfarin-with-nsaid-order"));

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), scenario.Request.Context.AsOf);
        Assert.Equal(TriggerKind.OrderSelect, scenario.Request.Trigger.Kind);
        var draft = Assert.Single(scenario.Request.Trigger.DraftOrders);
        Assert.Equal("MedicationRequest/draft-1", draft.Reference);
        Assert.Equal("197805", draft.Medication.Code);
        Assert.Equal("400 mg three times daily", draft.DoseText);
        Assert.Equal([new ExpectedFinding("drug-interaction", Severity.Critical)], scenario.Expected);
    }

    [Fact]
    public void A_malformed_scenario_is_refused_with_its_name_and_the_problem()
    {
        var folder = Directory.CreateTempSubdirectory("scenario-");
        try
        {
            var scenario = Directory.CreateDirectory(Path.Combine(folder.FullName, "broken"));
            File.WriteAllText(Path.Combine(scenario.FullName, "expected.json"), """{"asOf":"2025-06-01","trigger":"patient-view","findings":[{"kind":"drug-renal","severity":"severe"}]}""");
            File.WriteAllText(Path.Combine(scenario.FullName, "patient.json"), """{"resourceType":"Bundle","type":"collection"}""");

            var error = Assert.Throws<InvalidDataException>(() => ReasoningScenario.LoadLibrary(folder.FullName));
            Assert.Contains("broken", error.Message);
            Assert.Contains("severe", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Scoring_counts_a_missed_finding_against_sensitivity_and_an_unexpected_one_against_precision()
    {
        var context = new ContextBuilder().Build();
        var expectsRenal = new ReasoningScenario("a", "", new ReasoningRequest(context, ReasoningTrigger.PatientView),
            [new ExpectedFinding("drug-renal", Severity.Critical), new ExpectedFinding("above-target", Severity.Warning)]);
        var expectsNothing = new ReasoningScenario("b", "", new ReasoningRequest(context, ReasoningTrigger.PatientView), []);
        var reasoner = new FixedReasoner(
            Finding(FindingKinds.DrugRenal, Severity.Critical), Finding(FindingKinds.AboveTarget, Severity.Info), Finding(FindingKinds.DrugLab, Severity.Critical));

        var report = await ScenarioReport.RunAsync(reasoner, [expectsRenal, expectsNothing], TestContext.Current.CancellationToken);

        Assert.Equal(2, report.ExpectedCount);
        Assert.Equal(1, report.MatchedCount);
        Assert.Equal(0.5, report.Sensitivity);
        Assert.Equal(6, report.FoundCount);
        Assert.Equal(1.0 / 6, report.Precision, precision: 6);
        Assert.Equal(3, report.UnexpectedCriticalCount);
        Assert.Equal([new ExpectedFinding("above-target", Severity.Warning)], report.Outcomes[0].Missed);
    }

    private static Finding Finding(FindingKind kind, Severity severity) =>
        new(kind, kind.Display, severity, "", [], [], new GuidelineSource("test", "https://example.org"), 1, "test");

    private sealed class FixedReasoner(params Finding[] findings) : IReasoner
    {
        public Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct) =>
            Task.FromResult(new ReasoningResult(findings, new ReasonerInfo("fixed", "1"), null, []));
    }
}
