using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>The structural walk: elements known, JSON shape, cardinality and types, with Java-style locations.</summary>
public class StructureRulesTests
{
    [Fact]
    public void A_minimal_valid_patient_has_no_errors() =>
        AssertValid(Validate("""{"resourceType":"Patient","id":"p1","name":[{"family":"Chalmers","given":["Peter","James"]}],"gender":"male","birthDate":"1974-12-25"}"""));

    [Fact]
    public void Unknown_element_is_reported_on_its_parent()
    {
        var issue = AssertError(Validate("""{"resourceType":"Patient","unknownElement":1}"""), "Patient", IssueType.Structure);
        Assert.Contains("unknownElement", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_element_deep_inside_is_located_by_index() =>
        AssertError(Validate("""{"resourceType":"Patient","name":[{"family":"A"},{"family":"B","nickname":"x"}]}"""), "Patient.name[1]", IssueType.Structure);

    [Fact]
    public void Repeating_element_given_as_an_object_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"reasonCode":{"text":"x"}}"""), "Encounter.reasonCode", IssueType.Invalid);

    [Fact]
    public void Single_element_given_as_an_array_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Patient","gender":["male"]}"""), "Patient.gender", IssueType.Invalid);

    [Fact]
    public void Empty_array_and_empty_object_are_errors()
    {
        AssertError(Validate("""{"resourceType":"Patient","name":[]}"""), "Patient.name", IssueType.Invalid);
        AssertError(Validate("""{"resourceType":"Patient","maritalStatus":{}}"""), "Patient.maritalStatus", IssueType.Invalid);
    }

    [Fact]
    public void Null_in_a_primitive_array_needs_a_companion()
    {
        AssertError(Validate("""{"resourceType":"Patient","name":[{"given":["a",null]}]}"""), "Patient.name[0].given", IssueType.Invalid);
        AssertValid(Validate("""{"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}]}]}"""));
    }

    [Fact]
    public void Missing_required_element_is_reported_on_the_parent_with_the_definition()
    {
        var issue = AssertError(Validate("""{"resourceType":"Observation","status":"final"}"""), "Observation", IssueType.Structure);
        Assert.Contains("Observation.code: minimum required = 1, but only found 0", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_values_for_a_single_element_inside_a_backbone() =>
        AssertError(Validate("""{"resourceType":"Patient","communication":[{"language":{"text":"en"},"preferred":true}],"link":[{"type":"seealso"}]}"""), "Patient.link[0]", IssueType.Structure);

    [Fact]
    public void Choice_element_with_a_type_it_does_not_allow_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Patient","deceasedString":"yes"}"""), "Patient", IssueType.Structure);

    [Fact]
    public void Choice_element_is_located_with_ofType() =>
        AssertError(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"1"}}"""), "Observation.value.ofType(Quantity).value", IssueType.Invalid);

    [Fact]
    public void Wrong_JSON_kind_for_a_complex_element() =>
        AssertError(Validate("""{"resourceType":"Patient","maritalStatus":"married"}"""), "Patient.maritalStatus", IssueType.Invalid);

    [Fact]
    public void Unknown_resource_type_and_missing_resource_type_are_errors()
    {
        Assert.Contains(Validate("""{"resourceType":"Patientt"}""").Errors, e => e.Message == ValidationMessages.UnknownResourceType);
        Assert.Contains(Validate("""{"id":"x"}""").Errors, e => e.Message == ValidationMessages.ResourceTypeMissing);
    }

    [Fact]
    public void Malformed_JSON_is_one_error_without_location()
    {
        var result = Validate("""{"resourceType":"Patient",""");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ValidationMessages.JsonSyntax, error.Message);
        Assert.Equal("", error.Location);
    }

    [Fact]
    public void Contained_resource_is_validated_with_its_type_and_id_in_the_location() =>
        AssertError(Validate("""{"resourceType":"Condition","subject":{"reference":"Patient/1"},"contained":[{"resourceType":"Practitioner","id":"p1","bogus":1}],"asserter":{"reference":"#p1"}}"""),
            "Condition.contained[0]/*Practitioner/p1*/", IssueType.Structure);

    [Fact]
    public void Reference_to_a_type_the_element_does_not_allow_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Medication/1"}}"""), "Observation.subject", IssueType.Structure);

    [Fact]
    public void Local_reference_to_a_missing_contained_resource_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"performer":[{"reference":"#nope"}]}"""), "Observation.performer[0]", IssueType.Structure);

    [Fact]
    public void Extensions_on_Resource_id_are_not_allowed() =>
        AssertError(Validate("""{"resourceType":"Patient","id":"a","_id":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}"""), "Patient.id", IssueType.BusinessRule);

    private static string Temperature(string codings) =>
        $$$"""{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{{{codings}}}]},"subject":{"display":"A"},"effectiveDateTime":"2020-06-30T09:50:55Z","valueQuantity":{"value":36.0,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}""";

    [Fact]
    public void A_vital_sign_coded_in_snomed_only_lacks_the_magic_loinc_code()
    {
        var issue = AssertError(Validate(Temperature("""{"system":"http://snomed.info/sct","code":"276885007"}""")), "Observation.code", IssueType.Structure);
        Assert.StartsWith("BodyTempCode: magic LOINC code 8310-5 required, but not found (from http://hl7.org/fhir/StructureDefinition/bodytemp|4.0.1)", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vital_sign_with_its_magic_loinc_code_beside_snomed_is_valid() =>
        AssertValid(Validate(Temperature("""{"system":"http://loinc.org","code":"8310-5"},{"system":"http://snomed.info/sct","code":"276885007"}""")));
}
