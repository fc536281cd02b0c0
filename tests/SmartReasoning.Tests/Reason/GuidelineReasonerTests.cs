using System.Text.Json;
using SmartReasoning.Compile;
using SmartReasoning.Reason;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Tests.Reason;

/// <summary>The guideline reasoner as a whole: the interface, ordering, determinism, and the synthetic cohort.</summary>
public sealed class GuidelineReasonerTests
{
    private static readonly DateTimeOffset CohortAsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContextBuilder ManyFindings() => new ContextBuilder()
        .Patient(70, "female").Diabetes().Hypertension().AtrialFibrillation()
        .Metformin().Warfarin().Lisinopril().Medication("197805", "ibuprofen 400 MG Oral Tablet", "ibuprofen")
        .Egfr((300, 55), (100, 40), (5, 27))
        .Lab("2823-3", "mmol/L", (5, 5.9))
        .Lab("4548-4", "%", (250, 9.4))
        .Vital("8480-6", "mmHg", (60, 150), (30, 148), (5, 152))
        .Vital("8462-4", "mmHg", (60, 90), (30, 88), (5, 92));

    [Fact]
    public async Task ReasonAsync_returns_findings_from_the_guideline_reasoner_with_no_token_usage()
    {
        IReasoner reasoner = new GuidelineReasoner();
        var result = await reasoner.ReasonAsync(new ReasoningRequest(ManyFindings().Build(), ReasoningTrigger.PatientView), TestContext.Current.CancellationToken);

        Assert.Equal(new ReasonerInfo(GuidelineReasoner.Name, GuidelineReasoner.Version), result.Reasoner);
        Assert.Null(result.Usage);
        Assert.NotEmpty(result.Findings);
        Assert.All(result.Findings, f => Assert.True(f.Title.Length < 140));
    }

    [Fact]
    public void Findings_are_sorted_by_severity_then_kind_then_evidence()
    {
        var findings = ManyFindings().Reason();

        Assert.True(findings.Count >= 6, string.Join("\n", findings.Select(f => f.Title)));
        for (var i = 1; i < findings.Count; i++)
        {
            var (a, b) = (findings[i - 1], findings[i]);
            Assert.True(a.Severity > b.Severity || (a.Severity == b.Severity && string.CompareOrdinal(a.Kind.Code, b.Kind.Code) <= 0),
                $"{a.Title} before {b.Title}");
        }
        Assert.Equal(Severity.Critical, findings[0].Severity);
    }

    [Fact]
    public void The_same_context_twice_gives_byte_identical_findings()
    {
        var first = JsonSerializer.Serialize(ManyFindings().Reason());
        var second = JsonSerializer.Serialize(ManyFindings().Reason());
        Assert.Equal(first, second);
    }

    [Fact]
    public void Every_evidence_reference_is_a_source_of_the_context_or_a_draft_order()
    {
        var draft = new DraftOrder("MedicationRequest/draft-9", new ClinicalCode(CodeSystemUrls.RxNorm, "243670", "aspirin 81 MG Oral Tablet"));
        var context = ManyFindings().Build();
        var findings = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.OrderSign(draft))).Findings;
        var known = SourcesOf(context).Append(draft.Reference).ToHashSet(StringComparer.Ordinal);

        Assert.All(findings, f => Assert.All(f.Evidence, e => Assert.Contains(e, known)));
        Assert.All(findings, f => Assert.NotEmpty(f.Evidence));
    }

    [Fact]
    public void A_title_of_140_characters_or_a_confidence_above_1_is_rejected()
    {
        Finding Make(string title, double confidence) => new(FindingKinds.DrugRenal, title, Severity.Info, "", [], [], Guidelines.Kdigo2024Ckd, confidence, "test");
        Assert.Throws<ArgumentException>(() => Make(new string('x', 140), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make("ok", 1.01));
        Assert.Equal(139, Make(new string('x', 139), 1).Title.Length);
    }

    [Fact]
    public void A_deceased_patient_gets_no_findings_and_a_note_saying_why()
    {
        var context = ManyFindings().Build() with { Demographics = new SmartReasoning.Compile.Demographics(70, "female", true, null, ["Patient/p1"]) };
        var result = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.PatientView));
        Assert.Empty(result.Findings);
        Assert.Contains("deceased", Assert.Single(result.Notes));
    }

    [Fact]
    public void Synthea_simvastatin_is_recognised_by_its_rxnorm_code_despite_the_misspelt_display()
    {
        var findings = new ContextBuilder().Patient(60, "male").Diabetes().Medication("316672", "Simvistatin 10 MG").Lab("4548-4", "%", (10, 7)).Reason();
        Assert.DoesNotContain(findings, f => f.Kind == FindingKinds.MissingTherapy);
    }

    [Fact]
    public void Finding_kinds_are_distinct_codes_of_our_code_system()
    {
        Assert.Equal(FindingKinds.All.Count, FindingKinds.All.Select(k => k.Code).Distinct().Count());
        Assert.All(FindingKinds.All, k => Assert.Equal("https://smartreasoning.dev/fhir/CodeSystem/finding-kind", k.System));
        Assert.Same(FindingKinds.DrugInteraction, FindingKinds.FromCode("drug-interaction"));
    }

    [Fact]
    public void Every_synthetic_cohort_patient_reasons_and_shows_its_archetypes_expected_finding()
    {
        var expected = new Dictionary<Archetype, (FindingKind Kind, Severity Severity, string TitleContains)>
        {
            [Archetype.Type2Diabetes] = (FindingKinds.AboveTarget, Severity.Warning, "HbA1c"),
            [Archetype.ChronicKidneyDiseaseOnMetformin] = (FindingKinds.DrugRenal, Severity.Critical, "Metformin"),
            [Archetype.AtrialFibrillationNoAnticoagulant] = (FindingKinds.MissingTherapy, Severity.Warning, "Atrial fibrillation"),
            [Archetype.WarfarinWithNsaid] = (FindingKinds.DrugInteraction, Severity.Critical, "ibuprofen"),
            [Archetype.UncontrolledHypertension] = (FindingKinds.AboveTarget, Severity.Warning, "Blood pressure"),
        };
        var seen = new HashSet<Archetype>();
        var report = new List<string>();

        foreach (var bundle in SyntheticCohort.Generate())
        {
            var archetype = SyntheticCohort.ArchetypeOf(bundle)!.Value;
            var context = new ContextCompiler().Compile(bundle, asOf: CohortAsOf);
            var findings = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.PatientView)).Findings;
            var known = SourcesOf(context).ToHashSet(StringComparer.Ordinal);
            report.Add($"{archetype}: {string.Join(" | ", findings.Select(f => $"{f.Severity} {f.Kind.Code}: {f.Title}"))}");

            Assert.All(findings, f => Assert.All(f.Evidence, e => Assert.Contains(e, known)));
            if (expected.TryGetValue(archetype, out var want))
            {
                Assert.Contains(findings, f => f.Kind == want.Kind && f.Severity == want.Severity && f.Title.Contains(want.TitleContains, StringComparison.Ordinal));
                seen.Add(archetype);
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", report));
        Assert.Equal(expected.Keys.Order(), seen.Order());
    }

    private static IEnumerable<string> SourcesOf(LongitudinalContext context) =>
        (context.Demographics?.Sources ?? [])
            .Concat(context.Problems.SelectMany(p => p.Sources))
            .Concat(context.Medications.SelectMany(m => m.Sources))
            .Concat(context.Allergies.SelectMany(a => a.Sources))
            .Concat(context.Labs.Concat(context.Vitals).Concat(context.OtherObservations).SelectMany(s => s.Sources));
}
