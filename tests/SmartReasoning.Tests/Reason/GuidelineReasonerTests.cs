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
    public void Finding_kinds_include_the_order_safety_and_chronic_care_codes_in_code_order()
    {
        Assert.Equal(
            ["above-target", "drug-allergy", "drug-interaction", "drug-lab", "drug-pregnancy", "drug-renal", "duplicate-therapy", "lab-trend",
             "missing-therapy", "overdue-monitoring", "potentially-inappropriate", "undocumented-condition"],
            FindingKinds.All.Select(k => k.Code));
        Assert.Same(FindingKinds.PotentiallyInappropriate, FindingKinds.FromCode("potentially-inappropriate"));
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
            // Glipizide is added late in the octogenarian's history: the 2023 Beers criteria advise avoiding every sulfonylurea.
            [Archetype.ElderlyPolypharmacy] = (FindingKinds.PotentiallyInappropriate, Severity.Warning, "glipizide"),
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

    private static LongitudinalContext CohortPatient(Archetype archetype) =>
        new ContextCompiler().Compile(SyntheticCohort.Generate().First(b => SyntheticCohort.ArchetypeOf(b) == archetype), asOf: CohortAsOf);

    private static IReadOnlyList<Finding> Ordering(LongitudinalContext context, string rxnorm, string display) =>
        GuidelineReasoner.Reason(new ReasoningRequest(context,
            ReasoningTrigger.OrderSign(new DraftOrder("MedicationRequest/draft-1", new ClinicalCode(CodeSystemUrls.RxNorm, rxnorm, display))))).Findings;

    [Fact]
    public void Ordering_amoxicillin_for_the_cohorts_penicillin_allergic_patient_is_critical_and_cites_the_allergy()
    {
        var context = CohortPatient(Archetype.PenicillinAllergy);
        var allergy = context.Allergies.Single(a => a.Substance.Display.Contains("enicillin", StringComparison.Ordinal));

        var finding = Assert.Single(Ordering(context, "308191", "amoxicillin 500 MG Oral Capsule"), f => f.Kind == FindingKinds.DrugAllergy);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/draft-1", .. allergy.Sources], finding.Evidence);
        Assert.Equal(Severity.Warning,
            Assert.Single(Ordering(context, "309114", "cephalexin 500 MG Oral Capsule"), f => f.Kind == FindingKinds.DrugAllergy).Severity);
        Assert.DoesNotContain(Ordering(context, "308460", "azithromycin 250 MG Oral Tablet"), f => f.Kind == FindingKinds.DrugAllergy);
    }

    [Fact]
    public void Ordering_lisinopril_for_the_cohorts_pregnant_patient_is_critical_and_for_the_elderly_patient_is_not()
    {
        var finding = Assert.Single(Ordering(CohortPatient(Archetype.Pregnancy), "314076", "lisinopril 10 MG Oral Tablet"), f => f.Kind == FindingKinds.DrugPregnancy);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains(finding.Evidence, e => e.StartsWith("Condition/", StringComparison.Ordinal) || e.StartsWith("Observation/", StringComparison.Ordinal));
        Assert.DoesNotContain(Ordering(CohortPatient(Archetype.ElderlyPolypharmacy), "314076", "lisinopril 10 MG Oral Tablet"),
            f => f.Kind == FindingKinds.DrugPregnancy);
    }

    [Fact]
    public void Ordering_a_second_statin_for_the_elderly_patient_is_duplicate_therapy()
    {
        var findings = Ordering(CohortPatient(Archetype.ElderlyPolypharmacy), "859747", "rosuvastatin calcium 10 MG Oral Tablet");
        var finding = Assert.Single(findings, f => f.Kind == FindingKinds.DuplicateTherapy);
        Assert.Contains("atorvastatin", finding.Title);
        Assert.Equal("MedicationRequest/draft-1", Assert.Single(finding.SuggestedActions).OrderReference);
    }

    private static IEnumerable<string> SourcesOf(LongitudinalContext context) =>
        (context.Demographics?.Sources ?? [])
            .Concat(context.Problems.SelectMany(p => p.Sources))
            .Concat(context.Medications.SelectMany(m => m.Sources))
            .Concat(context.Allergies.SelectMany(a => a.Sources))
            .Concat(context.Labs.Concat(context.Vitals).Concat(context.OtherObservations).SelectMany(s => s.Sources))
            .Concat(context.Findings.SelectMany(f => f.Sources));
}
