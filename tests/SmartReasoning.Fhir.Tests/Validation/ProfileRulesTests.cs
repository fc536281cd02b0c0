using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>
/// Profiles given as differentials only (the snapshot is generated): cardinality narrowed, fixed and pattern values,
/// slicing by value, pattern, type and profile, closed slicing, meta.profile honoured, type choices restricted.
/// </summary>
public class ProfileRulesTests
{
    private const string Url = "http://example.org/fhir/StructureDefinition/";

    private static string Profile(string name, string type, string elements, string? baseUrl = null) => $$$"""
        {"resourceType":"StructureDefinition","url":"{{{Url}}}{{{name}}}","name":"{{{name}}}","status":"draft","kind":"resource","abstract":false,
         "type":"{{{type}}}","baseDefinition":"{{{baseUrl ?? "http://hl7.org/fhir/StructureDefinition/" + type}}}","derivation":"constraint",
         "differential":{"element":[{{{elements}}}]}}
        """;

    private static ValidationResult ValidateAgainst(string instance, string profileName, params string[] definitions) =>
        Validate(instance, new ValidationOptions { Profiles = [Url + profileName] }, definitions);

    private static readonly string NamedPatient = Profile("named-patient", "Patient", """
        {"id":"Patient.name","path":"Patient.name","min":1},
        {"id":"Patient.identifier","path":"Patient.identifier","max":"0"},
        {"id":"Patient.gender","path":"Patient.gender","fixedCode":"female"},
        {"id":"Patient.maritalStatus","path":"Patient.maritalStatus","patternCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M"}]}}
        """);

    [Fact]
    public void A_conforming_instance_is_valid() =>
        AssertValid(ValidateAgainst("""{"resourceType":"Patient","name":[{"family":"A"}],"gender":"female","maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M","display":"Married"}],"text":"married"}}""",
            "named-patient", NamedPatient));

    [Fact]
    public void Cardinality_narrowed_by_the_profile_is_enforced()
    {
        var result = ValidateAgainst("""{"resourceType":"Patient","identifier":[{"value":"1"}],"gender":"female"}""", "named-patient", NamedPatient);
        var min = AssertError(result, "Patient", IssueType.Structure);
        Assert.Contains(result.Errors, e => e.Text.Contains("Patient.name: minimum required = 1", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Text.Contains("Patient.identifier: max allowed = 0", StringComparison.Ordinal));
        Assert.NotNull(min);
    }

    [Fact]
    public void Fixed_value_must_be_equal() =>
        AssertError(ValidateAgainst("""{"resourceType":"Patient","name":[{"family":"A"}],"gender":"male"}""", "named-patient", NamedPatient), "Patient.gender", IssueType.Value);

    [Fact]
    public void Pattern_must_be_contained() =>
        AssertError(ValidateAgainst("""{"resourceType":"Patient","name":[{"family":"A"}],"gender":"female","maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"S"}]}}""",
            "named-patient", NamedPatient), "Patient.maritalStatus", IssueType.Value);

    [Fact]
    public void Meta_profile_is_honoured_without_being_asked_for() =>
        AssertError(Validate("""{"resourceType":"Patient","meta":{"profile":["http://example.org/fhir/StructureDefinition/named-patient"]},"gender":"female"}""", null, NamedPatient),
            "Patient", IssueType.Structure);

    [Fact]
    public void Unknown_meta_profile_is_a_warning_not_an_error()
    {
        var result = Validate("""{"resourceType":"Patient","meta":{"profile":["http://example.org/nothing"]}}""");
        AssertValid(result);
        Assert.Contains(result.Issues, i => i.Message == ValidationMessages.ProfileUnknown);
    }

    private static readonly string CodedObservation = Profile("coded-obs", "Observation", """
        {"id":"Observation.code.coding","path":"Observation.code.coding","slicing":{"discriminator":[{"type":"value","path":"system"},{"type":"value","path":"code"}],"rules":"open"}},
        {"id":"Observation.code.coding:loinc","path":"Observation.code.coding","sliceName":"loinc","min":1,"max":"1"},
        {"id":"Observation.code.coding:loinc.system","path":"Observation.code.coding.system","fixedUri":"http://loinc.org"},
        {"id":"Observation.code.coding:loinc.code","path":"Observation.code.coding.code","fixedCode":"8310-5"},
        {"id":"Observation.category","path":"Observation.category","slicing":{"discriminator":[{"type":"pattern","path":"$this"}],"rules":"closed"}},
        {"id":"Observation.category:vs","path":"Observation.category","sliceName":"vs","min":1,"max":"1","patternCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}},
        {"id":"Observation.value[x]","path":"Observation.value[x]","type":[{"code":"Quantity"}]}
        """);

    private const string VitalCategory = "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}]";

    [Fact]
    public void Slices_by_value_and_pattern_accept_matching_items() =>
        AssertValid(ValidateAgainst($$$"""{"resourceType":"Observation","status":"final",{{{VitalCategory}}},"code":{"coding":[{"system":"http://snomed.info/sct","code":"276885007"},{"system":"http://loinc.org","code":"8310-5"}]},"valueQuantity":{"value":36.6}}""",
            "coded-obs", CodedObservation));

    [Fact]
    public void Required_slice_missing_is_reported_on_the_sliced_element_parent()
    {
        var result = ValidateAgainst($$$"""{"resourceType":"Observation","status":"final",{{{VitalCategory}}},"code":{"coding":[{"system":"http://snomed.info/sct","code":"276885007"}]}}""", "coded-obs", CodedObservation);
        var issue = AssertError(result, "Observation.code", IssueType.Structure);
        Assert.Contains("Observation.code.coding:loinc", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Closed_slicing_rejects_an_item_matching_no_slice() =>
        AssertError(ValidateAgainst("""{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]},{"text":"other"}],"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]}}""",
            "coded-obs", CodedObservation), "Observation.category[1]", IssueType.Invalid);

    [Fact]
    public void Slice_max_is_enforced() =>
        Assert.Contains(ValidateAgainst($$$"""{"resourceType":"Observation","status":"final",{{{VitalCategory}}},"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"},{"system":"http://loinc.org","code":"8310-5"}]}}""",
            "coded-obs", CodedObservation).Errors, e => e.Message == ValidationMessages.SliceMax && e.Location == "Observation.code");

    [Fact]
    public void A_choice_restricted_by_the_profile_rejects_other_types() =>
        AssertError(ValidateAgainst($$$"""{"resourceType":"Observation","status":"final",{{{VitalCategory}}},"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"valueString":"warm"}""",
            "coded-obs", CodedObservation), "Observation", IssueType.Structure);

    private static readonly string EntryBundle = Profile("typed-bundle", "Bundle", """
        {"id":"Bundle.entry","path":"Bundle.entry","slicing":{"discriminator":[{"type":"type","path":"resource"}],"rules":"closed"}},
        {"id":"Bundle.entry:patient","path":"Bundle.entry","sliceName":"patient","min":1,"max":"1"},
        {"id":"Bundle.entry:patient.resource","path":"Bundle.entry.resource","type":[{"code":"Patient"}]},
        {"id":"Bundle.entry:obs","path":"Bundle.entry","sliceName":"obs","min":0,"max":"*"},
        {"id":"Bundle.entry:obs.resource","path":"Bundle.entry.resource","type":[{"code":"Observation","profile":["http://example.org/fhir/StructureDefinition/coded-obs"]}]}
        """);

    [Fact]
    public void Type_discriminator_assigns_entries_and_the_slice_profile_applies()
    {
        var result = ValidateAgainst($$$$"""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:6e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Patient"}},{"fullUrl":"urn:uuid:7e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Observation","status":"final",{{{{VitalCategory}}}},"code":{"text":"no loinc"}}}]}""",
            "typed-bundle", EntryBundle, CodedObservation);
        Assert.Contains(result.Errors, e => e.Location == "Bundle.entry[1].resource/*Observation/null*/.code" && e.Message == ValidationMessages.SliceMin);
    }

    [Fact]
    public void Type_discriminator_with_closed_slicing_rejects_other_types() =>
        AssertError(ValidateAgainst("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:6e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Patient"}},{"fullUrl":"urn:uuid:8e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Device"}}]}""",
            "typed-bundle", EntryBundle, CodedObservation), "Bundle.entry[1]", IssueType.Invalid);

    private static readonly string ProfiledBundle = Profile("profiled-bundle", "Bundle", """
        {"id":"Bundle.entry","path":"Bundle.entry","slicing":{"discriminator":[{"type":"profile","path":"resource"}],"rules":"open"}},
        {"id":"Bundle.entry:named","path":"Bundle.entry","sliceName":"named","min":1,"max":"1"},
        {"id":"Bundle.entry:named.resource","path":"Bundle.entry.resource","type":[{"code":"Patient","profile":["http://example.org/fhir/StructureDefinition/named-patient"]}]}
        """);

    [Fact]
    public void Profile_discriminator_matches_by_validating_against_the_profile()
    {
        const string Named = """{"fullUrl":"urn:uuid:6e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Patient","name":[{"family":"A"}],"gender":"female"}}""";
        const string Unnamed = """{"fullUrl":"urn:uuid:9e3d1b8a-46c2-4a8f-9b0a-0a1b2c3d4e5f","resource":{"resourceType":"Patient","gender":"male"}}""";
        AssertValid(ValidateAgainst($$$"""{"resourceType":"Bundle","type":"collection","entry":[{{{Unnamed}}},{{{Named}}}]}""", "profiled-bundle", ProfiledBundle, NamedPatient));
        AssertError(ValidateAgainst($$$"""{"resourceType":"Bundle","type":"collection","entry":[{{{Unnamed}}}]}""", "profiled-bundle", ProfiledBundle, NamedPatient), "Bundle", IssueType.Structure);
    }

    [Fact]
    public void Snapshot_generation_problems_are_reported()
    {
        var broken = Profile("broken", "Patient", """{"id":"Patient.nonsense","path":"Patient.nonsense","min":1}""");
        Assert.Contains(Validate(broken).Errors, e => e.Message == ValidationMessages.SnapshotProblem);
    }

    [Fact]
    public void A_derived_profile_cannot_change_a_fixed_value()
    {
        var derived = Profile("derived", "Patient", """{"id":"Patient.gender","path":"Patient.gender","fixedCode":"male"}""", Url + "named-patient");
        Assert.Contains(Validate(derived, null, NamedPatient).Errors, e => e.Message == ValidationMessages.SnapshotProblem && e.Text.Contains("fixed", StringComparison.Ordinal));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // Bounds relative to now (R5-style minValueDuration / maxValueDuration), read on a fixed clock: 2026-06-15.
    private static readonly string BornInTheLastCentury = Profile("born-last-century", "Patient", """
        {"id":"Patient.birthDate","path":"Patient.birthDate","min":1,
         "minValueDuration":{"value":100,"unit":"a","system":"http://unitsofmeasure.org","code":"a"},
         "maxValueDuration":{"value":10,"unit":"a","system":"http://unitsofmeasure.org","code":"a"}}
        """);

    private static ValidationResult ValidateBirthDate(string birthDate) =>
        Validate($$"""{"resourceType":"Patient","birthDate":"{{birthDate}}"}""",
            new ValidationOptions { Profiles = [Url + "born-last-century"], Clock = new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero)) },
            BornInTheLastCentury);

    [Fact]
    public void A_min_value_duration_rejects_a_date_further_back_than_that_before_now()
    {
        var error = AssertError(ValidateBirthDate("1926-06-14"), "Patient.birthDate", IssueType.Invalid);
        Assert.Equal("The date/time value '1926-06-14' is not legal: minValue is 100a before now (which is 1926-06-15T12:00:00Z)", error.Text);
        AssertValid(ValidateBirthDate("1926-06-16"));
    }

    [Fact]
    public void A_max_value_duration_rejects_a_date_further_ahead_than_that_after_now()
    {
        var error = AssertError(ValidateBirthDate("2036-06-16"), "Patient.birthDate", IssueType.Invalid);
        Assert.Contains("maxValue is 10a after now", error.Text, StringComparison.Ordinal);
        AssertValid(ValidateBirthDate("2036-06-14"));
    }

    private const string HeavyObservation = """{"resourceType":"Observation","status":"final","code":{"text":"weight"},"valueQuantity":{"value":150.25,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}""";

    [Fact]
    public void A_max_value_below_a_choice_of_several_types_is_not_applied()
    {
        // As the reference validator does: value[x] keeps all its types, so Quantity.value is checked against Quantity alone.
        var untyped = Profile("max-untyped", "Observation", """{"path":"Observation.value[x].value","maxValueDecimal":100}""");
        AssertValid(ValidateAgainst(HeavyObservation, "max-untyped", untyped));
    }

    [Fact]
    public void A_max_value_below_a_choice_restricted_to_one_type_is_enforced()
    {
        var typed = Profile("max-typed", "Observation", """
            {"id":"Observation.value[x]","path":"Observation.value[x]","type":[{"code":"Quantity"}]},
            {"id":"Observation.value[x].value","path":"Observation.value[x].value","maxValueDecimal":100}
            """);
        var error = AssertError(ValidateAgainst(HeavyObservation, "max-typed", typed), "Observation.value.ofType(Quantity).value", IssueType.Invalid);
        Assert.Equal(ValidationMessages.AboveMaxValue, error.Message);
    }
}
