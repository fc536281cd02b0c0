using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>Extensions against their definitions, and the Bundle rules.</summary>
public class ExtensionAndBundleTests
{
    [Fact]
    public void Known_extension_is_validated_against_its_definition()
    {
        AssertValid(Validate("""{"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Paris"}}]}"""));
        AssertError(Validate("""{"resourceType":"Patient","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueString":"Paris"}]}"""),
            "Patient.extension[0]", IssueType.Structure);
    }

    [Fact]
    public void Extension_without_url_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Patient","extension":[{"valueString":"x"}]}"""), "Patient.extension[0]", IssueType.Invalid);

    [Fact]
    public void Extension_with_both_value_and_extensions_fails_ext_1() =>
        AssertError(Validate("""{"resourceType":"Patient","extension":[{"url":"http://other.org/x","valueString":"x","extension":[{"url":"a","valueString":"b"}]}]}""", new ValidationOptions { AllowedExtensionDomains = ["http://other.org/"] }),
            "Patient.extension[0]", IssueType.Invariant);

    [Fact]
    public void Unknown_extension_is_an_error_unless_its_domain_is_allowed()
    {
        const string json = """{"resourceType":"Patient","extension":[{"url":"http://other.org/fhir/StructureDefinition/x","valueString":"x"}]}""";
        AssertError(Validate(json), "Patient.extension[0]", IssueType.Structure);
        AssertValid(Validate(json, new ValidationOptions { AllowedExtensionDomains = ["http://other.org/"] }));
    }

    [Fact]
    public void Example_extension_urls_are_allowed_unless_examples_are_forbidden()
    {
        const string json = """{"resourceType":"Patient","extension":[{"url":"http://example.org/fhir/StructureDefinition/x","valueString":"x"}]}""";
        AssertValid(Validate(json));
        AssertError(Validate(json, new ValidationOptions { AllowExampleUrls = false }), "Patient.extension[0].url", IssueType.Invalid);
    }

    [Fact]
    public void Extension_used_outside_its_resource_context_is_a_warning()
    {
        var result = Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Paris"}}]}""");
        AssertValid(result);
        Assert.Contains(result.Issues, i => i.Message == ValidationMessages.ExtensionContext && i.Location == "Observation.extension[0]");
    }

    private const string MothersFamily = """{"url":"http://hl7.org/fhir/StructureDefinition/humanname-mothers-family","valueString":"Mothers family"}""";

    [Fact]
    public void An_extension_for_HumanName_family_is_refused_on_the_whole_name() =>
        Assert.Contains(Validate($$$"""{"resourceType":"Patient","name":[{"family":"Family","extension":[{{{MothersFamily}}}]}]}""").Errors,
            i => i.Message == ValidationMessages.ExtensionContext && i.Location == "Patient.name[0].extension[0]");

    [Fact]
    public void An_extension_for_a_datatype_element_is_accepted_there_inside_a_resource()
    {
        AssertValid(Validate($$$"""{"resourceType":"Patient","name":[{"family":"Family","_family":{"extension":[{{{MothersFamily}}}]}}]}"""));
        AssertValid(Validate("""{"resourceType":"Patient","address":[{"line":["1 Main St"],"_line":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetName","valueString":"Main St"}]}]}]}"""));
    }

    [Fact]
    public void Extension_defined_in_a_loaded_folder_is_known()
    {
        const string definition = """
            {"resourceType":"StructureDefinition","url":"http://smartreasoning.dev/fhir/StructureDefinition/confidence","name":"Confidence","status":"draft",
             "kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Observation"}],"type":"Extension",
             "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint",
             "differential":{"element":[{"id":"Extension.url","path":"Extension.url","fixedUri":"http://smartreasoning.dev/fhir/StructureDefinition/confidence"},
               {"id":"Extension.value[x]","path":"Extension.value[x]","min":1,"type":[{"code":"decimal"}]}]}}
            """;
        const string ok = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"extension":[{"url":"http://smartreasoning.dev/fhir/StructureDefinition/confidence","valueDecimal":0.9}]}""";
        const string wrongType = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"extension":[{"url":"http://smartreasoning.dev/fhir/StructureDefinition/confidence","valueString":"high"}]}""";
        AssertValid(Validate(ok, null, definition));
        AssertError(Validate(wrongType, null, definition), "Observation.extension[0]", IssueType.Structure);
    }

    [Fact]
    public void Relative_fullUrl_is_an_error() =>
        AssertError(Validate("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}"""), "Bundle.entry[0]", IssueType.Invalid);

    [Fact]
    public void Reference_that_does_not_resolve_in_a_document_is_an_error()
    {
        const string json = """
            {"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:0c3201bd-1cbf-4d64-b04d-cd9187a4c6e0"},"timestamp":"2020-01-01T00:00:00Z","entry":[
             {"fullUrl":"urn:uuid:1c3201bd-1cbf-4d64-b04d-cd9187a4c6e0","resource":{"resourceType":"Composition","status":"final","type":{"text":"x"},"date":"2020-01-01","author":[{"reference":"urn:uuid:2c3201bd-1cbf-4d64-b04d-cd9187a4c6e0"}],"title":"t",
               "subject":{"reference":"urn:uuid:9c3201bd-1cbf-4d64-b04d-cd9187a4c6e0"}}},
             {"fullUrl":"urn:uuid:2c3201bd-1cbf-4d64-b04d-cd9187a4c6e0","resource":{"resourceType":"Practitioner"}}]}
            """;
        var result = Validate(json);
        Assert.Contains(result.Errors, e => e.Message == ValidationMessages.BundleReferenceNotFound && e.Location == "Bundle.entry[0].resource/*Composition/null*/.subject");
        Assert.DoesNotContain(result.Errors, e => e.Location.EndsWith(".author[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Link_relations_occur_once() =>
        AssertError(Validate("""{"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"http://a/1"},{"relation":"self","url":"http://a/2"}]}"""), "Bundle.link[1]", IssueType.Invalid);

    [Fact]
    public void Duplicate_fullUrl_fails_bdl_7() =>
        AssertError(Validate("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"http://a/Patient/1","resource":{"resourceType":"Patient","id":"1"}},{"fullUrl":"http://a/Patient/1","resource":{"resourceType":"Patient","id":"1"}}]}"""),
            "Bundle", IssueType.Invariant);

    [Fact]
    public void Entry_resources_are_located_with_their_type_and_id() =>
        AssertError(Validate("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"http://a/Patient/1","resource":{"resourceType":"Patient","id":"1","name":[{"given":["x"],"bogus":1}]}}]}"""),
            "Bundle.entry[0].resource/*Patient/1*/.name[0]", IssueType.Structure);
}
