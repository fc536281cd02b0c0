using SmartReasoning.Reason;

namespace SmartReasoning.Tests.Reason;

/// <summary>Combined mode: the guideline findings and the model's, merged, de-duplicated, disagreements flagged.</summary>
public sealed class CombinedReasonerTests
{
    private static readonly ReasoningRequest Request = new(new ContextBuilder().Build(), ReasoningTrigger.PatientView);

    private static Finding Finding(FindingKind kind, Severity severity, string title, string reasoner, params string[] evidence) =>
        new(kind, title, severity, "rationale", evidence, [], new GuidelineSource("source", "https://example.org"), 0.8, reasoner);

    private static readonly Finding RuleMetformin = Finding(FindingKinds.DrugRenal, Severity.Critical, "Metformin is contraindicated", "rules",
        "MedicationRequest/met", "Observation/egfr");

    private static Task<ReasoningResult> Combine(ReasoningResult rules, ReasoningResult model) =>
        new CombinedReasoner(new Answers(rules), new Answers(model)).ReasonAsync(Request, TestContext.Current.CancellationToken);

    private static ReasoningResult Rules(params Finding[] findings) => new(findings, new ReasonerInfo("rules", "1.0.0"), null, []);

    private static ReasoningResult Model(params Finding[] findings) =>
        new(findings, new ReasonerInfo("deployment", "model-2026"), new TokenUsage(1200, 300), []);

    [Fact]
    public async Task A_model_finding_about_the_same_facts_is_merged_into_the_rule_finding()
    {
        var result = await Combine(Rules(RuleMetformin),
            Model(Finding(FindingKinds.DrugRenal, Severity.Critical, "Stop metformin", "model:deployment", "Observation/egfr")));

        Assert.Equal([RuleMetformin], result.Findings);
        Assert.Contains(result.Notes, n => n.StartsWith("1 model finding repeated a guideline finding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_finding_milder_than_a_critical_rule_finding_on_the_same_facts_is_kept_and_flagged()
    {
        var milder = Finding(FindingKinds.DrugRenal, Severity.Info, "Metformin dose is appropriate", "model:deployment", "MedicationRequest/met");

        var result = await Combine(Rules(RuleMetformin), Model(milder));

        Assert.Equal(2, result.Findings.Count);
        Assert.Null(result.Findings[0].Contradicts);
        Assert.Equal("Metformin is contraindicated", result.Findings[1].Contradicts);
        Assert.Equal("Metformin dose is appropriate", result.Findings[1].Title);
        Assert.Contains(result.Notes, n => n.Contains("contradicted a critical guideline finding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task New_model_findings_are_added_after_the_rules_and_repeats_among_them_merged()
    {
        var newFinding = Finding(FindingKinds.OverdueMonitoring, Severity.Info, "Lipid panel overdue", "model:deployment", "Observation/ldl");
        var repeat = Finding(FindingKinds.OverdueMonitoring, Severity.Warning, "No lipid panel for 3 years", "model:deployment", "Observation/ldl");
        var otherFacts = Finding(FindingKinds.DrugRenal, Severity.Warning, "Review gabapentin dose", "model:deployment", "MedicationRequest/gaba");

        var result = await Combine(Rules(RuleMetformin), Model(newFinding, repeat, otherFacts));

        Assert.Equal([RuleMetformin, newFinding, otherFacts], result.Findings);
        Assert.All(result.Findings, f => Assert.Null(f.Contradicts));
    }

    [Fact]
    public async Task The_result_names_both_reasoners_and_carries_the_model_usage_and_both_notes()
    {
        var rules = Rules(RuleMetformin) with { Notes = ["rule note"] };
        var model = Model() with { Notes = ["The model was not used: it answered 429 three times."] };

        var result = await Combine(rules, model);

        Assert.Equal(new ReasonerInfo("rules+deployment", "1.0.0+model-2026"), result.Reasoner);
        Assert.Equal(new TokenUsage(1200, 300), result.Usage);
        Assert.Equal(["rule note", "The model was not used: it answered 429 three times."], result.Notes);
        Assert.Equal([RuleMetformin], result.Findings);
    }

    [Fact]
    public async Task A_model_that_throws_leaves_the_guideline_findings_with_a_note()
    {
        var result = await new CombinedReasoner(new Answers(Rules(RuleMetformin)), new Throws(new HttpRequestException("refused")))
            .ReasonAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal([RuleMetformin], result.Findings);
        Assert.Contains(result.Notes, n => n.StartsWith("The model was not used", StringComparison.Ordinal) && n.Contains("HttpRequestException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CombinedReasoner(new GuidelineReasoner(), new Throws(new OperationCanceledException(cancelled.Token))).ReasonAsync(Request, cancelled.Token));
    }

    private sealed class Answers(ReasoningResult result) : IReasoner
    {
        public Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct) => Task.FromResult(result);
    }

    private sealed class Throws(Exception exception) : IReasoner
    {
        public Task<ReasoningResult> ReasonAsync(ReasoningRequest request, CancellationToken ct) => Task.FromException<ReasoningResult>(exception);
    }
}
