using System.Text.Json.Nodes;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using static SmartReasoning.Tests.Reason.Model.ModelFixtures;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>Every answer is checked: schema, bounds, evidence; citations mapped back to real references.</summary>
public class ModelAnswerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_good_answer_becomes_findings_with_real_references_and_records_model_version_and_usage()
    {
        var context = Context();
        var egfr = Hashed(context, "Observation/egfr-1");
        var metformin = Hashed(context, "MedicationRequest/medreq-9");
        var answer = Answer(
            Finding("Metformin with eGFR 27: contraindicated", [egfr, metformin], severity: "critical",
                actions: [Action("order-test", null, new JsonObject { ["system"] = "http://loinc.org", ["code"] = "33914-3", ["display"] = "eGFR" })]),
            Finding("Ibuprofen draft with low eGFR", [egfr, "DraftOrder/1"], kind: "drug-renal", confidence: 1.7,
                actions: [Action("cancel-draft-order", "DraftOrder/1")]));
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(answer, promptTokens: 2100, completionTokens: 340));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(context, ReasoningTrigger.OrderSelect(DraftIbuprofen())), Ct);

        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        Assert.Empty(result.Notes);
        Assert.Equal(new ReasonerInfo(Deployment, FakeFoundry.ServedModel), result.Reasoner);
        Assert.Equal(new TokenUsage(2100, 340), result.Usage);
        Assert.Equal(2, result.Findings.Count);
        var first = result.Findings[0];
        Assert.Equal(["Observation/egfr-1", "MedicationRequest/medreq-9"], first.Evidence);
        Assert.Equal(Severity.Critical, first.Severity);
        Assert.Equal(FindingKinds.DrugRenal, first.Kind);
        Assert.Equal("model:" + Deployment, first.Reasoner);
        Assert.Equal(new GuidelineSource("KDIGO 2024", "https://kdigo.org/guidelines/ckd-evaluation-and-management/"), first.Source);
        var test = Assert.Single(first.SuggestedActions);
        Assert.Equal(SuggestedActionKind.OrderTest, test.Kind);
        Assert.Equal("33914-3", test.Code?.Code);
        var second = result.Findings[1];
        Assert.Equal(["Observation/egfr-1", "MedicationRequest/draft-77"], second.Evidence);
        Assert.Equal(1.0, second.Confidence); // clamped
        var cancel = Assert.Single(second.SuggestedActions);
        Assert.Equal((SuggestedActionKind.CancelDraftOrder, "MedicationRequest/draft-77"), (cancel.Kind, cancel.OrderReference));
    }

    [Fact]
    public async Task A_finding_citing_an_id_not_in_the_context_is_dropped_and_counted_while_the_others_are_kept()
    {
        var context = Context();
        var egfr = Hashed(context, "Observation/egfr-1");
        var answer = Answer(
            Finding("Kept", [egfr]),
            Finding("Invented lab", [egfr, "Observation/0000000000000000000000"]),
            Finding("Real id, not hashed", ["Observation/egfr-1"]),
            Finding("Nothing cited", []));
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(answer));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(context), Ct);

        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        Assert.Equal("Kept", Assert.Single(result.Findings).Title);
        Assert.Contains("2 model findings dropped: cited evidence not in the context.", result.Notes);
        Assert.Contains("1 model finding dropped: cited no evidence.", result.Notes);
    }

    [Fact]
    public async Task Titles_are_cut_to_139_characters_and_actions_on_orders_never_sent_are_dropped()
    {
        var context = Context();
        var egfr = Hashed(context, "Observation/egfr-1");
        var answer = Answer(Finding(new string('t', 300), [egfr], actions: [Action("cancel-draft-order", "MedicationRequest/medreq-9")]));
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(answer));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(context), Ct);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(SmartReasoning.Reason.Finding.MaxTitleLength, finding.Title.Length);
        Assert.Empty(finding.SuggestedActions);
        Assert.Contains(result.Notes, n => n.StartsWith("1 suggested action dropped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("this is not JSON {")]
    [InlineData("""{"findings": "none"}""")]
    [InlineData("""{"findings": [], "extra": 1}""")]
    [InlineData("""{"findings": [{"kind": "drug-renal", "title": "t"}]}""")]
    [InlineData("""[]""")]
    public async Task An_answer_that_is_not_JSON_of_the_schema_is_malformed_and_gives_no_findings(string content)
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(content));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(Context()), Ct);
        Assert.Equal(ModelOutcome.Malformed, result.ModelOutcome);
        Assert.Empty(result.Findings);
        Assert.StartsWith("The model was not used: its answer was not valid against the findings schema", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.NotNull(result.Usage);
    }

    [Fact]
    public async Task A_kind_outside_the_code_system_makes_the_answer_malformed()
    {
        var context = Context();
        var answer = Answer(Finding("Made-up kind", [Hashed(context, "Observation/egfr-1")], kind: "vibes"));
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(answer));
        var result = await new ModelReasoner(Options(fake)).ReasonAsync(Request(context), Ct);
        Assert.Equal(ModelOutcome.Malformed, result.ModelOutcome);
        Assert.Contains("$.findings[0].kind", Assert.Single(result.Notes), StringComparison.Ordinal);
    }
}
