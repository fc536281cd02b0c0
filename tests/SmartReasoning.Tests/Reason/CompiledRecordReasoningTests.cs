using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using FhirJson = SmartReasoning.Tests.Compile.Fhir;

namespace SmartReasoning.Tests.Reason;

/// <summary>The reasoner over contexts compiled from FHIR resources, as it runs in the product.</summary>
public sealed class CompiledRecordReasoningTests
{
    private static string SharedPatients => Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "patients"));

    private static IReadOnlyList<Finding> Reason(params string[] json) =>
        GuidelineReasoner.Reason(new ReasoningRequest(new ContextCompiler().Compile(FhirJson.Parse(json), asOf: FhirJson.AsOf), ReasoningTrigger.PatientView)).Findings;

    private const string Metformin =
        """{"resourceType":"MedicationRequest","id":"met","status":"active","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"}]},"authoredOn":"2020-01-01"}""";

    private const string StoppedMetformin =
        """{"resourceType":"MedicationRequest","id":"met","status":"stopped","intent":"order","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"}]},"authoredOn":"2020-01-01"}""";

    [Fact]
    public void Metformin_with_a_compiled_egfr_of_27_is_critical_and_cites_the_resources()
    {
        var findings = Reason(Metformin, FhirJson.Quantity("egfr1", "62238-1", "2023-11-20", 27, "mL/min/{1.73_m2}"));

        var finding = Assert.Single(findings, f => f.Kind == FindingKinds.DrugRenal);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(["MedicationRequest/met", "Observation/egfr1"], finding.Evidence);
    }

    [Fact]
    public void A_stopped_metformin_with_a_compiled_egfr_of_27_does_not_fire()
    {
        Assert.DoesNotContain(Reason(StoppedMetformin, FhirJson.Quantity("egfr1", "62238-1", "2023-11-20", 27, "mL/min/{1.73_m2}")),
            f => f.Kind == FindingKinds.DrugRenal);
    }

    [Fact]
    public void Every_shared_patient_bundle_reasons_with_evidence_from_its_own_resources()
    {
        Assert.SkipUnless(Directory.Exists(SharedPatients), "../shared/data/patients is absent, so the shared patient bundles were skipped");
        var files = Directory.GetFiles(SharedPatients, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bundle = Assert.IsType<Bundle>(new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(file)).Value);
            var resources = ContextCompiler.ResourcesOf(bundle).ToList();
            var context = new ContextCompiler().Compile(resources, asOf: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var findings = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.PatientView)).Findings;
            var references = FhirJson.References(resources);

            Assert.All(findings, f => Assert.All(f.Evidence, e => Assert.Contains(e, references)));
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Path.GetFileName(file)}: {string.Join(" | ", findings.Select(f => $"{f.Severity} {f.Kind.Code}: {f.Title}"))}");
        }
    }

    private static LongitudinalContext SharedPatient(string prefix, DateTimeOffset asOf)
    {
        Assert.SkipUnless(Directory.Exists(SharedPatients), "../shared/data/patients is absent, so the shared patient bundles were skipped");
        var file = Assert.Single(Directory.GetFiles(SharedPatients, prefix + "*.json"));
        var bundle = Assert.IsType<Bundle>(new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(file)).Value);
        return new ContextCompiler().Compile(ContextCompiler.ResourcesOf(bundle).ToList(), asOf: asOf);
    }

    private static readonly DateTimeOffset SharedAsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_shared_heart_failure_patient_with_an_lvef_near_35_lacks_three_of_the_four_pillars()
    {
        // Chronic congestive heart failure, LVEF 34.6% and 36.7% on one echo (2020), on metoprolol succinate and furosemide only.
        var context = SharedPatient("heart-failure_", SharedAsOf);
        var findings = GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.PatientView)).Findings;
        var finding = Assert.Single(findings, f => f.Source == Guidelines.AhaAccHfsaHeartFailure2022);
        Assert.Equal("HFrEF without guideline-directed therapy: no ARNI/ACE inhibitor/ARB, MRA, SGLT2 inhibitor", finding.Title);
        Assert.Equal(3, finding.Evidence.Count);
    }

    [Fact]
    public void The_shared_patient_on_chlorpheniramine_meets_the_beers_criteria_from_his_65th_birthday()
    {
        // Born 1961-05-14, with a chlorpheniramine order still active: 64 on the shared as-of date, 65 a few months later.
        Assert.DoesNotContain(GuidelineReasoner.Reason(new ReasoningRequest(SharedPatient("htn-bp-series_", SharedAsOf), ReasoningTrigger.PatientView)).Findings,
            f => f.Kind == FindingKinds.PotentiallyInappropriate);
        var later = SharedPatient("htn-bp-series_", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var finding = Assert.Single(GuidelineReasoner.Reason(new ReasoningRequest(later, ReasoningTrigger.PatientView)).Findings,
            f => f.Kind == FindingKinds.PotentiallyInappropriate);
        Assert.Contains("chlorpheniramine", finding.Title);
    }

    [Fact]
    public void A_teratogen_ordered_for_the_shared_prenatal_patient_asks_to_confirm_a_pregnancy_recorded_years_ago()
    {
        // "Normal pregnancy" has been active since 2021-02-16 with no later record: by 2026 it has ended unrecorded.
        var context = SharedPatient("pregnancy-active_", SharedAsOf);
        var draft = new DraftOrder("MedicationRequest/draft-1", new ClinicalCode(CodeSystemUrls.RxNorm, "314076", "lisinopril 10 MG Oral Tablet"));
        var finding = Assert.Single(GuidelineReasoner.Reason(new ReasoningRequest(context, ReasoningTrigger.OrderSign(draft))).Findings,
            f => f.Kind == FindingKinds.DrugPregnancy);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("confirm", finding.Title, StringComparison.Ordinal);
    }
}
