using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>Bindings checked against the ValueSets and CodeSystems held, and invariants evaluated as FHIRPath.</summary>
public class TerminologyAndInvariantTests
{
    [Fact]
    public void Code_outside_a_required_value_set_is_an_error()
    {
        var issue = AssertError(Validate("""{"resourceType":"Patient","gender":"mail"}"""), "Patient.gender", IssueType.CodeInvalid);
        Assert.Contains("administrative-gender", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CodeableConcept_with_no_coding_in_a_required_value_set_is_an_error() =>
        AssertError(Validate("""{"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"bogus"}]}}"""),
            "AllergyIntolerance.clinicalStatus", IssueType.CodeInvalid);

    [Fact]
    public void Coding_in_the_required_value_set_is_valid() =>
        AssertValid(Validate("""{"resourceType":"AllergyIntolerance","patient":{"reference":"Patient/1"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]}}"""));

    [Fact]
    public void Extensible_binding_miss_is_a_warning()
    {
        var result = Validate("""{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://example.org/local","code":"X"}]}}""");
        AssertValid(result);
    }

    [Fact]
    public void Value_set_needing_a_terminology_server_gives_no_error()
    {
        // Observation.code is bound (example) to LOINC; a required binding to a filtered SNOMED ValueSet cannot be expanded here.
        var result = Validate("""{"resourceType":"Condition","subject":{"reference":"Patient/1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]}}""");
        AssertValid(result);
    }

    [Fact]
    public void Unknown_code_in_a_complete_code_system_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-sign"}]}]}"""),
            "Observation.category[0].coding[0].code", IssueType.CodeInvalid);

    [Fact]
    public void Coding_system_that_is_a_value_set_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://hl7.org/fhir/ValueSet/marital-status","code":"M"}]}}"""),
            "Patient.maritalStatus.coding[0].system", IssueType.Invalid);

    [Fact]
    public void Datatype_invariant_fails_at_the_element_using_the_type()
    {
        var issue = AssertError(Validate("""{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"period":{"start":"2020-02-01","end":"2020-01-01"}}"""),
            "Encounter.period", IssueType.Invariant);
        Assert.Contains("per-1", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resource_invariant_fails_at_the_resource() =>
        Assert.Contains("dom-3", AssertError(Validate("""{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o1","name":"x"}]}"""), "Patient", IssueType.Invariant).Text, StringComparison.Ordinal);

    [Fact]
    public void Backbone_invariant_fails_at_the_backbone_element() =>
        AssertError(Validate("""{"resourceType":"RiskAssessment","status":"final","subject":{"reference":"Patient/1"},"prediction":[{"probabilityDecimal":101}]}"""), "RiskAssessment.prediction[0]", IssueType.Invariant);

    [Fact]
    public void Warning_invariants_do_not_make_a_resource_invalid()
    {
        var result = Validate("""{"resourceType":"Patient"}""");
        AssertValid(result);
        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Warning && i.Text.Contains("dom-6", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_core_constraint_compiles_or_is_listed_as_skipped_with_a_reason()
    {
        var core = Core;
        var failures = new List<string>();
        foreach (var url in core.Urls("StructureDefinition"))
        {
            var sd = core.FindStructure(url);
            if (sd is null || sd.IsProfile) continue;
            foreach (var constraint in Walk(sd.Root).SelectMany(e => e.Constraints).Where(c => c.Expression is not null).DistinctBy(c => c.Key))
            {
                if (FhirValidator.SkippedConstraints.ContainsKey(constraint.Key)) continue;
                try { SmartReasoning.Fhir.FhirPath.FhirPathCompiler.Default.Compile(constraint.Expression!); }
                catch (SmartReasoning.Fhir.FhirPath.FhirPathException ex) { failures.Add($"{constraint.Key}: {ex.Message}"); }
            }
        }
        Assert.Empty(failures);
        Assert.All(FhirValidator.SkippedConstraints, s => Assert.False(string.IsNullOrWhiteSpace(s.Value)));

        static IEnumerable<ElementNode> Walk(ElementNode node) => node.Children.Concat(node.Slices).SelectMany(Walk).Prepend(node);
    }

    [Fact]
    public void Narrative_must_be_safe_xhtml()
    {
        AssertError(Validate("""{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div>"}}"""), "Patient.text.div", IssueType.Invalid);
        AssertError(Validate("""{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">&reg;</div>"}}"""), "Patient.text.div", IssueType.Invalid);
        AssertValid(Validate("""{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Peter <b>Chalmers</b></p></div>"}}"""));
    }
}
