using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>
/// Codes bound (required) to a known ValueSet are <see cref="Code{T}"/>: usable as an enum, yet holding the code text,
/// so a code outside the enum is kept rather than lost or rejected by the JSON layer (terminology is validation's job).
/// </summary>
public class CodeEnumTests
{
    [Fact]
    public void Bound_code_reads_as_its_enum_member()
    {
        var patient = AssertLosslessRoundTrip<Patient>("""{"resourceType":"Patient","gender":"female"}""");

        Assert.IsType<Code<AdministrativeGender>>(patient.Gender);
        Assert.Equal(AdministrativeGender.Female, patient.Gender!.Enum);
        Assert.Equal("female", patient.Gender.Value);
        Assert.Equal("http://hl7.org/fhir/administrative-gender", patient.Gender.System);
    }

    [Theory]
    [InlineData("male", AdministrativeGender.Male)]
    [InlineData("female", AdministrativeGender.Female)]
    [InlineData("other", AdministrativeGender.Other)]
    [InlineData("unknown", AdministrativeGender.Unknown)]
    public void Every_code_of_the_value_set_maps_to_its_member(string code, AdministrativeGender expected)
    {
        var patient = AssertLosslessRoundTrip<Patient>($$"""{"resourceType":"Patient","gender":"{{code}}"}""");

        Assert.Equal(expected, patient.Gender!.Enum);
        Assert.Equal(code, CodeTable<AdministrativeGender>.GetCode(expected));
    }

    [Fact]
    public void Unknown_code_is_kept_with_no_enum_and_no_parse_error()
    {
        const string json = """{"resourceType":"Patient","gender":"x-foo"}""";

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Null(patient.Gender!.Enum);
        Assert.Equal("x-foo", patient.Gender.Value);
        Assert.Null(patient.Gender.System);
        Assert.Equal(json, FhirJsonSerializer.SerializeToString(patient));
    }

    [Theory]
    [InlineData("Female")]
    [InlineData("FEMALE")]
    [InlineData(" female")]
    [InlineData("f")]
    public void Codes_are_case_sensitive_and_exact(string code)
    {
        var patient = AssertLosslessRoundTrip<Patient>($$"""{"resourceType":"Patient","gender":"{{code}}"}""");

        Assert.Null(patient.Gender!.Enum);
        Assert.Equal(code, patient.Gender.Value);
    }

    [Fact]
    public void Setting_Enum_writes_the_code()
    {
        var patient = new Patient { Gender = new Code<AdministrativeGender> { Enum = AdministrativeGender.Unknown } };
        Assert.Equal("unknown", patient.Gender.Value);
        Assert.Equal("""{"resourceType":"Patient","gender":"unknown"}""", FhirJsonSerializer.SerializeToString(patient));

        patient.Gender.Enum = AdministrativeGender.Male;
        Assert.Equal("""{"resourceType":"Patient","gender":"male"}""", FhirJsonSerializer.SerializeToString(patient));

        patient.Gender.Enum = null;
        Assert.Null(patient.Gender.Value);
        Assert.Equal("""{"resourceType":"Patient"}""", FhirJsonSerializer.SerializeToString(patient));
    }

    [Fact]
    public void Enum_converts_implicitly_to_a_bound_code()
    {
        var patient = new Patient { Gender = AdministrativeGender.Other };
        var observation = new Observation { Status = ObservationStatus.EnteredInError };

        Assert.Equal("other", patient.Gender.Value);
        Assert.Equal("entered-in-error", observation.Status.Value);
        Assert.Equal("""{"resourceType":"Observation","status":"entered-in-error"}""", FhirJsonSerializer.SerializeToString(observation));
    }

    [Fact]
    public void Changing_the_enum_of_a_parsed_code_keeps_its_id_and_extensions()
    {
        var patient = AssertLosslessRoundTrip<Patient>(
            """{"resourceType":"Patient","gender":"x-foo","_gender":{"id":"g","extension":[{"url":"http://example.org/original","valueString":"x-foo"}]}}""");

        patient.Gender!.Enum = AdministrativeGender.Female;

        AssertSameJson(
            """{"resourceType":"Patient","gender":"female","_gender":{"id":"g","extension":[{"url":"http://example.org/original","valueString":"x-foo"}]}}""",
            FhirJsonSerializer.SerializeToString(patient));
    }

    [Fact]
    public void Code_table_lists_the_codes_systems_and_value_set_in_member_order()
    {
        Assert.Equal(["male", "female", "other", "unknown"], CodeTable<AdministrativeGender>.Codes);
        Assert.All(CodeTable<AdministrativeGender>.Systems, s => Assert.Equal("http://hl7.org/fhir/administrative-gender", s));
        Assert.Equal("http://hl7.org/fhir/ValueSet/administrative-gender", CodeTable<AdministrativeGender>.ValueSet);
        Assert.True(CodeTable<AdministrativeGender>.TryParse("other", out var other));
        Assert.Equal(AdministrativeGender.Other, other);
        Assert.False(CodeTable<AdministrativeGender>.TryParse("x-foo", out _));
        Assert.False(CodeTable<AdministrativeGender>.TryParse(null, out _));
    }

    [Fact]
    public void Code_table_of_an_enum_that_was_not_generated_cannot_be_used()
    {
        var ex = Assert.Throws<TypeInitializationException>(() => CodeTable<DayOfWeek>.Codes);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","status":"entered-in-error","code":{"text":"x"}}""")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"comparator":"<=","value":5}}""")]
    [InlineData("""{"resourceType":"Bundle","type":"transaction-response"}""")]
    [InlineData("""{"resourceType":"Patient","text":{"status":"extensions","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"use":"maiden","family":"x"}]}""")]
    public void Codes_bound_elsewhere_read_as_their_enums(string json)
    {
        var resource = AssertLosslessRoundTrip<Resource>(json);

        switch (resource)
        {
            case Observation { Value: Quantity q }:
                Assert.Equal(QuantityComparator.LessOrEqualTo, q.Comparator!.Enum);
                break;
            case Observation o:
                Assert.Equal(ObservationStatus.EnteredInError, o.Status!.Enum);
                break;
            case Bundle b:
                Assert.Equal(BundleType.TransactionResponse, b.Type!.Enum);
                break;
            case Patient { Text: not null } p:
                Assert.Equal(NarrativeStatus.Extensions, p.Text.Status!.Enum);
                break;
            case Patient p:
                Assert.Equal(NameUse.Maiden, p.Name[0].Use!.Enum);
                break;
            default:
                Assert.Fail($"Unexpected {resource.TypeInfo.Name}");
                break;
        }
    }

    [Fact]
    public void Unbound_codes_are_plain_codes()
    {
        var observation = AssertLosslessRoundTrip<Observation>(
            """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"valueQuantity":{"value":1,"code":"kg"}}""");

        Assert.Equal(typeof(Code), observation.Code!.Coding[0].Code!.GetType());
        Assert.Equal(typeof(Code), ((Quantity)observation.Value!).Code!.GetType());
    }

    [Fact]
    public void Code_in_a_choice_element_is_a_plain_code()
    {
        var patient = AssertLosslessRoundTrip<Patient>("""{"resourceType":"Patient","extension":[{"url":"http://x","valueCode":"female"}]}""");

        var code = patient.Extension[0].Value!;
        Assert.Equal(typeof(Code), code.GetType());
        Assert.Equal("female", ((Code)code).Value);
    }

    [Fact]
    public void Bound_element_metadata_names_its_value_set_and_creates_the_typed_code()
    {
        var gender = Patient.TypeMetadata.FindElement("gender")!;

        Assert.Equal(new BindingInfo(BindingStrength.Required, "http://hl7.org/fhir/ValueSet/administrative-gender"), gender.Binding);
        Assert.IsType<Code<AdministrativeGender>>(gender.Create!());
        Assert.Equal(CodeTable<AdministrativeGender>.ValueSet, gender.Binding!.ValueSet);
    }
}
