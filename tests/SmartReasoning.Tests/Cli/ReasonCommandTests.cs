using System.Text.Json;
using SmartReasoning.Cli;
using SmartReasoning.Reason;

namespace SmartReasoning.Tests.Cli;

/// <summary><c>smartreasoning reason</c> and <c>smartreasoning scenarios</c>: the findings of a bundle, and clear refusals of bad input.</summary>
public sealed class ReasonCommandTests
{
    private static string Scenario(string name, string file) => Path.Combine(TestPaths.RepositoryRoot, "scenarios", "reasoning", name, file);

    private static async Task<(int ExitCode, string Output, string Error)> Reason(string bundle, string trigger = "patient-view", string[]? orders = null, bool json = true,
        RecordReasoner? reasoner = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ReasonCommand.RunAsync(bundle, trigger, orders ?? [], "2025-06-01", json, output, error, reasoner ?? new RecordReasoner(),
            TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Json_output_lists_each_finding_with_kind_title_severity_evidence_and_reasoner()
    {
        var (exit, output, _) = await Reason(Scenario("warfarin-with-nsaid-order", "patient.json"), "order-sign",
            [Scenario("warfarin-with-nsaid-order", "order.json")]);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(output);
        var finding = Assert.Single(document.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("drug-interaction", finding.GetProperty("kind").GetString());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Contains("ibuprofen", finding.GetProperty("title").GetString());
        Assert.Equal("smartreasoning-guidelines", finding.GetProperty("reasoner").GetString());
        var evidence = finding.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("MedicationRequest/draft-1", evidence);
        Assert.Contains(evidence, e => e!.StartsWith("MedicationRequest/medication-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_draft_order_the_same_patient_has_no_findings()
    {
        var (exit, output, _) = await Reason(Scenario("warfarin-with-nsaid-order", "patient.json"));

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(0, document.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task Text_output_names_severity_title_evidence_and_source()
    {
        var (exit, output, _) = await Reason(Scenario("metformin-egfr-below-30", "patient.json"), json: false);

        Assert.Equal(0, exit);
        Assert.StartsWith("1 finding (smartreasoning-guidelines 1.0.0)", output, StringComparison.Ordinal);
        Assert.Contains("CRITICAL", output);
        Assert.Contains("evidence: MedicationRequest/", output);
        Assert.Contains("source: FDA Drug Safety Communication", output);
    }

    [Theory]
    [InlineData("order-sign", false, "--trigger order-sign needs at least one --order")]
    [InlineData("patient-view", true, "--order needs --trigger order-select or order-sign")]
    public async Task An_order_trigger_and_draft_orders_go_together(string trigger, bool withOrder, string message)
    {
        var orders = withOrder ? new[] { Scenario("warfarin-with-nsaid-order", "order.json") } : [];
        var (exit, output, error) = await Reason(Scenario("warfarin-with-nsaid-order", "patient.json"), trigger, orders);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task An_order_file_without_a_medication_request_is_refused()
    {
        var (exit, _, error) = await Reason(Scenario("warfarin-with-nsaid-order", "patient.json"), "order-sign",
            [Scenario("warfarin-with-nsaid-order", "expected.json")]);

        Assert.Equal(2, exit);
        Assert.Contains("is not a FHIR resource", error);

        (exit, _, error) = await Reason(Scenario("warfarin-with-nsaid-order", "patient.json"), "order-sign",
            [Scenario("warfarin-with-nsaid-order", "patient.json")]);
        Assert.Equal(2, exit);
        Assert.Contains("holds no draft MedicationRequest to order", error);
    }

    [Fact]
    public async Task A_missing_bundle_is_refused_with_its_name()
    {
        var (exit, _, error) = await Reason("no-such-bundle.json");

        Assert.Equal(2, exit);
        Assert.Contains("No such file: no-such-bundle.json", error);
    }

    [Fact]
    public async Task The_built_program_reasons_over_a_bundle_with_a_draft_order()
    {
        var (exit, stdout, _) = await FhirRoundTripCommandTests.RunSeparatelyAsync("reason", Scenario("penicillin-allergy-amoxicillin-order", "patient.json"),
            "--trigger", "order-sign", "--order", Scenario("penicillin-allergy-amoxicillin-order", "order.json"), "--as-of", "2025-06-01", "--json");

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(stdout);
        var finding = Assert.Single(document.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("drug-allergy", finding.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_scenarios_command_reports_sensitivity_and_precision_and_fails_on_a_missed_finding()
    {
        var folder = Directory.CreateTempSubdirectory("scenarios-");
        try
        {
            var scenario = Directory.CreateDirectory(Path.Combine(folder.FullName, "needs-something"));
            File.Copy(Scenario("healthy-adult", "patient.json"), Path.Combine(scenario.FullName, "patient.json"));
            File.WriteAllText(Path.Combine(scenario.FullName, "expected.json"),
                """{"asOf":"2025-06-01","trigger":"patient-view","findings":[{"kind":"drug-renal","severity":"critical"}]}""");
            var output = new StringWriter();

            var exit = await ScenariosCommand.RunAsync(folder.FullName, output, new StringWriter(), TestContext.Current.CancellationToken);

            Assert.Equal(1, exit);
            Assert.Contains("FAIL  needs-something", output.ToString());
            Assert.Contains("missed drug-renal (critical)", output.ToString());
            Assert.Contains("sensitivity 0.0 %, precision 100.0 %", output.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
