using SmartReasoning.Deidentify;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using SmartReasoning.Reason;
using SmartReasoning.Reason.Model;
using SmartReasoning.Tests.Deidentify;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>
/// The configured reasoner over a real record: the guideline reasoner alone without a model, combined with the model
/// (over the fake Foundry endpoint) when one is configured, and the guideline findings with a note whenever the model fails.
/// </summary>
public sealed class RecordReasonerTests
{
    private static readonly DateTimeOffset AsOf = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Metformin = "MedicationRequest/medication-11";
    private const string Egfr25 = "Observation/observation-13";

    private static Bundle Record(string scenario = "metformin-egfr-below-30") => (Bundle)new FhirJsonParser(FhirJsonParserOptions.Lenient)
        .Parse(File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "reasoning", scenario, "patient.json"))).Value!;

    private static Func<string, string?> Environment(IReadOnlyDictionary<string, string> values) => name => values.GetValueOrDefault(name);

    private static RecordReasoner Combined(FakeFoundry fake, Deidentifier deidentifier) =>
        new(new CombinedReasoner(new GuidelineReasoner(), new ModelReasoner(ModelFixtures.Options(fake, maxRetries: 0))), deidentifier);

    private static Task<ReasoningResult> Reason(RecordReasoner reasoner, Bundle? record = null) =>
        reasoner.ReasonAsync(record ?? Record(), ReasoningTrigger.PatientView, AsOf, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Without_a_model_endpoint_the_guideline_reasoner_answers_alone()
    {
        var reasoner = RecordReasoner.FromEnvironment(Environment(new Dictionary<string, string>()));

        var result = await Reason(reasoner);

        Assert.False(reasoner.UsesModel);
        Assert.Equal(GuidelineReasoner.Info, result.Reasoner);
        Assert.Equal("drug-renal", Assert.Single(result.Findings).Kind.Code);
    }

    [Fact]
    public async Task A_configured_endpoint_makes_combined_mode_the_default_and_guidelines_mode_keeps_the_rules_alone()
    {
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(ModelFixtures.Answer()));
        var settings = new Dictionary<string, string>
        {
            [ModelOptions.EndpointVariable] = fake.Endpoint.ToString(),
            [ModelOptions.DeploymentVariable] = ModelFixtures.Deployment,
            [ModelOptions.ApiKeyVariable] = ModelFixtures.MadeUpKey(),
        };

        var combined = RecordReasoner.FromEnvironment(Environment(settings));
        var result = await Reason(combined);

        Assert.True(combined.UsesModel);
        Assert.Equal(ModelOutcome.Used, result.ModelOutcome);
        Assert.Equal($"{GuidelineReasoner.Name}+{ModelFixtures.Deployment}", result.Reasoner.Name);
        Assert.Single(fake.Requests);

        var guidelinesOnly = RecordReasoner.FromEnvironment(Environment(new Dictionary<string, string>(settings) { [RecordReasoner.ModeVariable] = "guidelines" }));
        Assert.False(guidelinesOnly.UsesModel);
        Assert.Throws<InvalidOperationException>(() => RecordReasoner.FromEnvironment(Environment(new Dictionary<string, string> { [RecordReasoner.ModeVariable] = "combined" })));
        Assert.Throws<InvalidOperationException>(() => RecordReasoner.FromEnvironment(Environment(new Dictionary<string, string>(settings) { [RecordReasoner.ModeVariable] = "model-only" })));
    }

    [Fact]
    public async Task A_model_finding_milder_than_the_critical_rule_arrives_over_the_wire_mapped_back_and_flagged()
    {
        var deidentifier = Fixtures.Deidentifier();
        var hashedEgfr = ModelFixtures.Hashed(ModelContext.Build(Record(), deidentifier, AsOf), Egfr25);
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(ModelFixtures.Answer(
            ModelFixtures.Finding("Metformin may continue at a reduced dose", [hashedEgfr], kind: "drug-renal", severity: "warning"))));

        var result = await Reason(Combined(fake, deidentifier));

        Assert.Equal(2, result.Findings.Count);
        var rule = result.Findings[0];
        Assert.Equal(GuidelineReasoner.Name, rule.Reasoner);
        var model = result.Findings[1];
        Assert.Equal("model:" + ModelFixtures.Deployment, model.Reasoner);
        Assert.Equal([Egfr25], model.Evidence);
        Assert.Equal(rule.Title, model.Contradicts);
        Assert.DoesNotContain(Egfr25, fake.Single.Body);
        Assert.Contains(hashedEgfr, fake.Single.Body);
    }

    [Fact]
    public async Task A_model_finding_repeating_the_rule_is_merged_into_it()
    {
        var deidentifier = Fixtures.Deidentifier();
        var context = ModelContext.Build(Record(), deidentifier, AsOf);
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(ModelFixtures.Answer(
            ModelFixtures.Finding("Stop metformin: eGFR 25", [ModelFixtures.Hashed(context, Metformin), ModelFixtures.Hashed(context, Egfr25)], severity: "critical"))));

        var result = await Reason(Combined(fake, deidentifier));

        Assert.Equal(GuidelineReasoner.Name, Assert.Single(result.Findings).Reasoner);
        Assert.Contains(result.Notes, n => n.StartsWith("1 model finding repeated a guideline finding", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("content-filter", ModelOutcome.ContentFiltered)]
    [InlineData("truncated", ModelOutcome.Truncated)]
    [InlineData("malformed", ModelOutcome.Malformed)]
    [InlineData("server-error", ModelOutcome.ServerError)]
    public async Task When_the_model_fails_the_guideline_findings_stand_with_a_note_that_the_model_was_not_used(string failure, ModelOutcome outcome)
    {
        var reply = failure switch
        {
            "content-filter" => FakeFoundry.ContentFilterError(),
            "truncated" => FakeFoundry.Completion("""{"findings":[{"kind":"drug-""", finishReason: "length"),
            "malformed" => FakeFoundry.Completion("Here are my findings: metformin is risky."),
            _ => FakeFoundry.Error(503),
        };
        await using var fake = await FakeFoundry.StartAsync(reply);

        var result = await Reason(Combined(fake, Fixtures.Deidentifier()));

        Assert.Equal(outcome, result.ModelOutcome);
        Assert.Equal(GuidelineReasoner.Name, Assert.Single(result.Findings).Reasoner);
        Assert.Contains(result.Notes, n => n.StartsWith("The model was not used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rendering_that_would_carry_the_patient_name_is_never_sent_and_the_rules_answer_alone()
    {
        // A family name that is also a drug's name: the de-identified rendering names the drug, so the leak check refuses it.
        var record = Record();
        var patient = record.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        patient.Name[0].Family = new FhirString { Value = "Metformin" };
        await using var fake = await FakeFoundry.StartAsync(FakeFoundry.Completion(ModelFixtures.Answer()));

        var result = await Reason(Combined(fake, Fixtures.Deidentifier()), record);

        Assert.Empty(fake.Requests);
        Assert.Equal(ModelOutcome.Blocked, result.ModelOutcome);
        Assert.Equal("drug-renal", Assert.Single(result.Findings).Kind.Code);
        Assert.Contains(result.Notes, n => n.StartsWith("The model was not used", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("Metformin", StringComparison.Ordinal));
    }
}
