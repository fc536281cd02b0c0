using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>
/// The R4 JSON rules (https://hl7.org/fhir/R4/json.html) the strict parser enforces, each reported with its
/// catalogue code and instance location, and how lenient mode treats the same input.
/// </summary>
public class FhirJsonRulesTests
{
    // ----- unknown elements -----

    [Fact]
    public void Unknown_element_is_an_error_in_strict_mode_and_kept_in_lenient_mode()
    {
        const string json = """{"resourceType":"Patient","active":true,"favouriteColour":{"rgb":[1,2.50,"x"],"exact":1.000}}""";

        var strict = Strict.Parse(json);
        AssertSingleIssue(strict, FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.favouriteColour");
        Assert.False(strict.IsSuccess);
        Assert.Null(strict.Value!.UnknownProperties);
        Assert.True(((Patient)strict.Value).Active!.Value); // the rest of the resource is still read

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.UnknownElement, IssueSeverity.Warning, "Patient.favouriteColour");
        Assert.True(lenient.IsSuccess);
        var kept = Assert.Single(lenient.Value!.UnknownProperties!);
        Assert.Equal("favouriteColour", kept.Name);
        AssertSameJson(json, FhirJsonSerializer.SerializeToString(lenient.Value));
    }

    [Fact]
    public void Unknown_element_inside_a_datatype_is_located_by_its_path()
    {
        const string json = """{"resourceType":"Patient","name":[{"family":"A"},{"family":"B","nickname":"Bee"}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.name[1].nickname");
    }

    [Fact]
    public void Unknown_element_inside_a_contained_resource_is_located_through_contained()
    {
        const string json = """{"resourceType":"Patient","contained":[{"resourceType":"Organization","name":"x","motto":"y"}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.contained[0].motto");
    }

    [Fact]
    public void Unknown_element_inside_a_bundle_entry_resource_is_located_through_the_entry()
    {
        const string json = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient"}},{"resource":{"resourceType":"Patient","colour":"x"}}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Bundle.entry[1].resource.colour");
    }

    [Fact]
    public void ResourceType_inside_a_datatype_is_an_unknown_element()
    {
        const string json = """{"resourceType":"Patient","name":[{"resourceType":"HumanName","family":"x"}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.name[0].resourceType");
    }

    [Fact]
    public void Unknown_companion_property_is_an_unknown_element()
    {
        const string json = """{"resourceType":"Patient","_colour":{"id":"x"}}""";

        var issue = AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.colour");
        Assert.Contains("_colour", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Companion_of_a_complex_element_is_an_unknown_element()
    {
        // Only primitives have a _name companion; HumanName does not.
        const string json = """{"resourceType":"Patient","_name":[{"id":"x"}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.UnknownElement, IssueSeverity.Error, "Patient.name");
    }

    [Fact]
    public void Lenient_mode_keeps_unknown_elements_at_every_level_and_writes_them_back()
    {
        const string json = """
            {"resourceType":"Patient","zeta":null,"name":[{"family":"A","nick":["x",null,{"deep":[[]]}]}],
             "contact":[{"gender":"female","rank":1e400}],
             "birthDate":"1970-01-01","_birthDate":{"source":"guess"},
             "contained":[{"resourceType":"Organization","name":"Org","_motto":{"id":"m"}}],
             "_unknownCompanion":[null,{"id":"u"}]}
            """;

        var result = Lenient.Parse(json);

        Assert.True(result.IsSuccess);
        Assert.All(result.Issues, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
        Assert.All(result.Issues, i => Assert.Equal("JSON120", i.Code));
        Assert.Equal(
            ["Patient.zeta", "Patient.name[0].nick", "Patient.contact[0].rank", "Patient.birthDate.source", "Patient.contained[0].motto", "Patient.unknownCompanion"],
            result.Issues.Select(i => i.Location));
        AssertSameJson(json, FhirJsonSerializer.SerializeToString(result.Value!));
    }

    [Fact]
    public void Lenient_mode_keeps_an_unknown_property_of_a_primitive_companion_when_the_primitive_has_no_other_id_or_extension()
    {
        const string json = """{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[null,{"flag":true}]}]}""";

        var result = Lenient.Parse(json);

        AssertSingleIssue(result, FhirJsonError.UnknownElement, IssueSeverity.Warning, "Patient.name[0].given[1].flag");
        AssertSameJson(json, FhirJsonSerializer.SerializeToString(result.Value!));
    }

    [Fact]
    public void Strict_mode_never_keeps_unknown_properties()
    {
        const string json = """{"resourceType":"Patient","name":[{"nick":"x"}],"colour":"y"}""";

        var result = Strict.Parse(json);

        Assert.Equal(2, result.Issues.Count);
        Assert.All(result.Issues, i => Assert.Equal(IssueSeverity.Error, i.Severity));
        var written = FhirJsonSerializer.SerializeToString(result.Value!);
        Assert.DoesNotContain("nick", written, StringComparison.Ordinal);
        Assert.DoesNotContain("colour", written, StringComparison.Ordinal);
    }

    // ----- choice elements -----

    [Theory]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"value":5}""", "Observation.value")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueFoo":1}""", "Observation.valueFoo")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valuequantity":{"value":1}}""", "Observation.valuequantity")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueDate":"2020-01-01"}""", "Observation.valueDate")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"_valueFoo":{"id":"1"}}""", "Observation.valueFoo")]
    [InlineData("""{"resourceType":"Patient","deceased":true}""", "Patient.deceased")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":"http://x","valueWhatever":"1"}]}""", "Patient.extension[0].valueWhatever")]
    public void Choice_element_without_a_valid_type_suffix_is_reported_as_such(string json, string location)
    {
        var strict = Strict.Parse(json);
        var issue = AssertSingleIssue(strict, FhirJsonError.ChoiceTypeInvalid, IssueSeverity.Error, location);
        Assert.Contains("[x]", issue.Message, StringComparison.Ordinal);

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.ChoiceTypeInvalid, IssueSeverity.Warning, location);
        AssertSameJson(json, FhirJsonSerializer.SerializeToString(lenient.Value!));
    }

    [Fact]
    public void Two_types_for_one_choice_element_is_a_conflict_and_the_first_is_kept()
    {
        const string json = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"a","valueBoolean":true}""";

        foreach (var parser in new[] { Strict, Lenient })
        {
            var result = parser.Parse(json);
            AssertSingleIssue(result, FhirJsonError.ChoiceTypeConflict, IssueSeverity.Error, "Observation.valueBoolean");
            Assert.Equal("a", Assert.IsType<FhirString>(((Observation)result.Value!).Value).Value);
        }
    }

    [Fact]
    public void Choice_conflict_is_found_between_a_companion_and_a_value_of_another_type()
    {
        const string json = """{"resourceType":"Patient","deceasedBoolean":true,"_deceasedDateTime":{"id":"d"}}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.ChoiceTypeConflict, IssueSeverity.Error, "Patient.deceasedDateTime");
    }

    // ----- resourceType -----

    [Fact]
    public void Missing_resourceType_gives_no_value()
    {
        var result = Strict.Parse("""{"id":"x","active":true}""");

        AssertSingleIssue(result, FhirJsonError.ResourceTypeMissing, IssueSeverity.Error, "");
        Assert.Null(result.Value);
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Missing_resourceType_in_a_contained_resource_drops_only_that_resource()
    {
        var result = Strict.Parse("""{"resourceType":"Patient","contained":[{"id":"a"},{"resourceType":"Organization","id":"b"}],"active":true}""");

        AssertSingleIssue(result, FhirJsonError.ResourceTypeMissing, IssueSeverity.Error, "Patient.contained[0]");
        var patient = Assert.IsType<Patient>(result.Value);
        Assert.True(patient.Active!.Value);
        Assert.Equal("b", Assert.Single(patient.Contained).Id);
    }

    [Theory]
    [InlineData("Patientt")]
    [InlineData("patient")]
    [InlineData("Resource")]
    [InlineData("DomainResource")]
    [InlineData("HumanName")]
    [InlineData("Patient.contact")]
    [InlineData("string")]
    public void Unknown_or_abstract_resourceType_is_reported(string resourceType)
    {
        var result = Strict.Parse($$"""{"resourceType":"{{resourceType}}","id":"x"}""");

        var issue = AssertSingleIssue(result, FhirJsonError.ResourceTypeUnknown, IssueSeverity.Error, "");
        Assert.Contains(resourceType, issue.Message, StringComparison.Ordinal);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("""["Patient"]""")]
    [InlineData("""{"name":"Patient"}""")]
    public void ResourceType_that_is_not_a_JSON_string_is_reported(string value)
    {
        var result = Strict.Parse($$"""{"id":"x","resourceType":{{value}},"active":true}""");

        AssertSingleIssue(result, FhirJsonError.ResourceTypeInvalid, IssueSeverity.Error, "");
        Assert.Null(result.Value);
    }

    [Fact]
    public void Duplicate_resourceType_is_a_duplicate_property()
    {
        var result = Strict.Parse("""{"resourceType":"Patient","id":"x","resourceType":"Observation"}""");

        AssertSingleIssue(result, FhirJsonError.DuplicateProperty, IssueSeverity.Error, "Patient.resourceType");
        Assert.IsType<Patient>(result.Value);
    }

    [Fact]
    public void Parse_of_T_given_another_resource_type_is_fatal()
    {
        var result = Strict.Parse<Patient>("""{"resourceType":"Observation","status":"final","code":{"text":"x"}}"""u8);

        var issue = AssertFatal(result, FhirJsonError.ResourceTypeUnexpected);
        Assert.Contains("Patient", issue.Message, StringComparison.Ordinal);
        Assert.Contains("Observation", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_T_accepts_a_subtype_of_T()
    {
        AssertNoIssues(Strict.Parse<DomainResource>("""{"resourceType":"Patient"}"""u8));
        AssertNoIssues(Strict.Parse<Resource>("""{"resourceType":"Bundle","type":"batch"}"""u8));
        AssertFatal(Strict.Parse<DomainResource>("""{"resourceType":"Bundle","type":"batch"}"""u8), FhirJsonError.ResourceTypeUnexpected);
    }

    // ----- wrong JSON types -----

    [Fact]
    public void Boolean_written_as_a_string_is_an_error_in_strict_mode_and_a_warning_in_lenient_mode()
    {
        const string json = """{"resourceType":"Patient","active":"true"}""";

        var strict = Strict.Parse(json);
        AssertSingleIssue(strict, FhirJsonError.WrongJsonType, IssueSeverity.Error, "Patient.active");
        Assert.False(strict.IsSuccess);

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.WrongJsonType, IssueSeverity.Warning, "Patient.active");
        Assert.True(lenient.IsSuccess);
        Assert.True(((Patient)lenient.Value!).Active!.Value);
        Assert.Equal("""{"resourceType":"Patient","active":true}""", FhirJsonSerializer.SerializeToString(lenient.Value!));
    }

    [Fact]
    public void Date_written_as_a_number_is_an_error_in_strict_mode_and_kept_as_text_in_lenient_mode()
    {
        const string json = """{"resourceType":"Patient","birthDate":1970}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.WrongJsonType, IssueSeverity.Error, "Patient.birthDate");

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.WrongJsonType, IssueSeverity.Warning, "Patient.birthDate");
        Assert.Equal("1970", ((Patient)lenient.Value!).BirthDate!.Value);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","birthDate":{"value":"1970"}}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","gender":{"code":"male"}}""", "Patient.gender")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":[["Peter"]]}]}""", "Patient.name[0].given[0]")]
    [InlineData("""{"resourceType":"Patient","active":1}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","active":"yes"}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":"two"}""", "Patient.multipleBirthInteger")]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":true}""", "Patient.multipleBirthInteger")]
    [InlineData("""{"resourceType":"Patient","maritalStatus":"married"}""", "Patient.maritalStatus")]
    [InlineData("""{"resourceType":"Patient","name":["Peter"]}""", "Patient.name[0]")]
    [InlineData("""{"resourceType":"Patient","id":{"x":1}}""", "Patient.id")]
    [InlineData("""{"resourceType":"Patient","_birthDate":"1970"}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["a"],"_given":[5]}]}""", "Patient.name[0].given[0]")]
    [InlineData("""{"resourceType":"Patient","contained":["Organization"]}""", "Patient.contained[0]")]
    public void Value_of_a_JSON_type_that_cannot_hold_the_data_is_an_error_in_both_modes(string json, string location)
    {
        AssertSingleIssue(Strict.Parse(json), FhirJsonError.WrongJsonType, IssueSeverity.Error, location);
        AssertSingleIssue(Lenient.Parse(json), FhirJsonError.WrongJsonType, IssueSeverity.Error, location);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":5}""", "Patient.id")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":12}]}""", "Patient.name[0].family")]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":"2"}""", "Patient.multipleBirthInteger")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":"http://x","valueDecimal":"1.50"}]}""", "Patient.extension[0].valueDecimal")]
    [InlineData("""{"resourceType":"Patient","deceasedBoolean":"false"}""", "Patient.deceasedBoolean")]
    public void Value_of_the_wrong_JSON_type_that_converts_without_loss_is_a_warning_in_lenient_mode(string json, string location)
    {
        AssertSingleIssue(Strict.Parse(json), FhirJsonError.WrongJsonType, IssueSeverity.Error, location);

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.WrongJsonType, IssueSeverity.Warning, location);
        Assert.True(lenient.IsSuccess);
    }

    // ----- arrays -----

    [Theory]
    [InlineData("""{"resourceType":"Patient","active":[true]}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","birthDate":["1970"]}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","gender":["female"]}""", "Patient.gender")]
    [InlineData("""{"resourceType":"Patient","managingOrganization":[{"reference":"Organization/1"}]}""", "Patient.managingOrganization")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":["A","B"]}]}""", "Patient.name[0].family")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":[{"value":1}]}""", "Observation.valueQuantity")]
    [InlineData("""{"resourceType":"Patient","id":["x"]}""", "Patient.id")]
    public void Array_for_a_non_repeating_element_is_an_error_in_both_modes(string json, string location)
    {
        AssertSingleIssue(Strict.Parse(json), FhirJsonError.ArrayNotExpected, IssueSeverity.Error, location);
        AssertSingleIssue(Lenient.Parse(json), FhirJsonError.ArrayNotExpected, IssueSeverity.Error, location);
    }

    [Fact]
    public void Non_array_for_a_repeating_element_is_an_error_in_strict_mode_and_wrapped_in_lenient_mode()
    {
        const string json = """{"resourceType":"Patient","name":{"family":"Solo","given":"Han"}}""";

        var strict = Strict.Parse(json);
        Assert.Equal(["Patient.name", "Patient.name[0].given"], strict.Issues.Select(i => i.Location));
        Assert.All(strict.Issues, i => Assert.Equal((FhirJsonError.ArrayExpected, IssueSeverity.Error), (i.Error, i.Severity)));

        var lenient = Lenient.Parse(json);
        Assert.Equal(["Patient.name", "Patient.name[0].given"], lenient.Issues.Select(i => i.Location));
        Assert.All(lenient.Issues, i => Assert.Equal((FhirJsonError.ArrayExpected, IssueSeverity.Warning), (i.Error, i.Severity)));
        Assert.True(lenient.IsSuccess);
        var name = Assert.Single(((Patient)lenient.Value!).Name);
        Assert.Equal("Solo", name.Family!.Value);
        Assert.Equal("Han", Assert.Single(name.Given).Value);
        Assert.Equal("""{"resourceType":"Patient","name":[{"family":"Solo","given":["Han"]}]}""", FhirJsonSerializer.SerializeToString(lenient.Value!));
    }

    [Fact]
    public void Non_array_companion_for_a_repeating_primitive_is_wrapped_in_lenient_mode()
    {
        const string json = """{"resourceType":"Patient","name":[{"given":["Han"],"_given":{"id":"h"}}]}""";

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.ArrayExpected, IssueSeverity.Error, "Patient.name[0].given");

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.ArrayExpected, IssueSeverity.Warning, "Patient.name[0].given");
        Assert.Equal("h", ((Patient)lenient.Value!).Name[0].Given[0].Id);
    }

    // ----- null -----

    [Theory]
    [InlineData("""{"resourceType":"Patient","active":null}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","name":null}""", "Patient.name")]
    [InlineData("""{"resourceType":"Patient","id":null}""", "Patient.id")]
    [InlineData("""{"resourceType":"Patient","_birthDate":null}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","name":[null]}""", "Patient.name[0]")]
    [InlineData("""{"resourceType":"Patient","maritalStatus":null}""", "Patient.maritalStatus")]
    public void Null_outside_an_array_of_primitives_is_an_error_in_strict_mode_and_dropped_in_lenient_mode(string json, string location)
    {
        AssertSingleIssue(Strict.Parse(json), FhirJsonError.NullNotAllowed, IssueSeverity.Error, location);

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.NullNotAllowed, IssueSeverity.Warning, location);
        Assert.Equal("""{"resourceType":"Patient"}""", FhirJsonSerializer.SerializeToString(lenient.Value!));
    }

    [Fact]
    public void Null_in_both_a_primitive_array_and_its_companion_is_reported_and_the_item_dropped()
    {
        const string json = """{"resourceType":"Patient","name":[{"given":["a",null,"c"],"_given":[null,null,{"id":"c"}]}]}""";

        foreach (var parser in new[] { Strict, Lenient })
        {
            var result = parser.Parse(json);
            AssertSingleIssue(result, FhirJsonError.NullWithoutExtension, IssueSeverity.Error, "Patient.name[0].given[1]");
            Assert.Equal(["a", "c"], ((Patient)result.Value!).Name[0].Given.Select(g => g.Value));
        }
    }

    [Fact]
    public void Null_in_a_primitive_array_without_a_companion_is_reported()
    {
        var result = Strict.Parse("""{"resourceType":"Patient","name":[{"given":[null,"b"]}]}""");

        AssertSingleIssue(result, FhirJsonError.NullWithoutExtension, IssueSeverity.Error, "Patient.name[0].given[0]");
        Assert.Equal("b", Assert.Single(((Patient)result.Value!).Name[0].Given).Value);
    }

    [Fact]
    public void Null_in_a_companion_array_is_allowed_where_the_value_array_has_the_value()
    {
        AssertLosslessRoundTrip<Patient>("""{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[{"id":"1"},null]}]}""");
    }

    [Fact]
    public void Complex_list_item_that_cannot_be_read_is_dropped_without_leaving_an_empty_slot()
    {
        var result = Lenient.Parse("""{"resourceType":"Patient","name":["Peter",{"family":"Pan"}],"contained":[5,{"resourceType":"Organization","id":"o"}]}""");

        Assert.Equal([("JSON130", "Patient.name[0]"), ("JSON130", "Patient.contained[0]")], result.Issues.Select(i => (i.Code, i.Location)));
        Assert.Equal("""{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o"}],"name":[{"family":"Pan"}]}""",
            FhirJsonSerializer.SerializeToString(result.Value!));
    }

    // ----- duplicates and companions -----

    [Theory]
    [InlineData("""{"resourceType":"Patient","active":true,"active":false}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","id":"a","id":"b"}""", "Patient.id")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"a"}],"name":[{"family":"b"}]}""", "Patient.name")]
    [InlineData("""{"resourceType":"Patient","_birthDate":{"id":"a"},"birthDate":"1970","_birthDate":{"id":"b"}}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["a"],"_given":[{"id":"x"}],"given":["b"]}]}""", "Patient.name[0].given")]
    [InlineData("""{"resourceType":"Patient","deceasedBoolean":true,"deceasedBoolean":false}""", "Patient.deceasedBoolean")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"a","family":"b"}]}""", "Patient.name[0].family")]
    public void Property_appearing_twice_is_a_duplicate_and_the_first_is_kept(string json, string location)
    {
        foreach (var parser in new[] { Strict, Lenient })
        {
            var result = parser.Parse(json);
            AssertSingleIssue(result, FhirJsonError.DuplicateProperty, IssueSeverity.Error, location);
        }

        var patient = (Patient)Strict.Parse(json).Value!;
        var written = FhirJsonSerializer.SerializeToString(patient);
        Assert.DoesNotContain("false", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"b\"", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[{"id":"x"}]}]}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"_given":[{"id":"x"}],"given":["a","b"]}]}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["a"],"_given":[null,{"id":"x"}]}]}""")]
    public void Primitive_array_and_companion_of_different_lengths_is_a_mismatch(string json)
    {
        foreach (var parser in new[] { Strict, Lenient })
            AssertSingleIssue(parser.Parse(json), FhirJsonError.ArrayLengthMismatch, IssueSeverity.Error, "Patient.name[0].given");
    }

    // ----- primitive values -----

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    [InlineData("2.0")]
    [InlineData("1e2")]
    public void Integer_outside_32_bits_or_with_a_fraction_is_an_invalid_value(string number)
    {
        var json = $$"""{"resourceType":"Patient","multipleBirthInteger":{{number}}}""";

        foreach (var parser in new[] { Strict, Lenient })
        {
            var result = parser.Parse(json);
            var issue = AssertSingleIssue(result, FhirJsonError.InvalidPrimitiveValue, IssueSeverity.Error, "Patient.multipleBirthInteger");
            Assert.Contains(number, issue.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2147483647", 2147483647)]
    [InlineData("-2147483648", -2147483648)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    public void Integer_at_the_32_bit_limits_is_accepted(string number, int expected)
    {
        var result = Strict.Parse($$"""{"resourceType":"Patient","multipleBirthInteger":{{number}}}""");

        AssertNoIssues(result);
        Assert.Equal(expected, Assert.IsType<Integer>(((Patient)result.Value!).MultipleBirth).Value);
    }

    // ----- empty values -----

    [Theory]
    [InlineData("""{"resourceType":"Patient","name":[{}]}""", "Patient.name[0]")]
    [InlineData("""{"resourceType":"Patient","maritalStatus":{}}""", "Patient.maritalStatus")]
    [InlineData("""{"resourceType":"Patient","_birthDate":{}}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","name":[]}""", "Patient.name")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":[]}]}""", "Patient.name[0].given")]
    [InlineData("""{"resourceType":"Patient","birthDate":""}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","id":""}""", "Patient.id")]
    [InlineData("""{"resourceType":"Patient","name":[{"given":["a",""]}]}""", "Patient.name[0].given[1]")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":""}]}""", "Patient.extension[0].url")]
    public void Empty_object_array_or_string_is_an_error_in_strict_mode_and_a_warning_in_lenient_mode(string json, string location)
    {
        AssertSingleIssue(Strict.Parse(json), FhirJsonError.EmptyValue, IssueSeverity.Error, location);
        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.EmptyValue, IssueSeverity.Warning, location);
        Assert.True(lenient.IsSuccess);
    }

    [Fact]
    public void Issues_are_collected_for_every_problem_in_document_order()
    {
        const string json = """
            {"resourceType":"Patient","colour":"red","active":"true","name":[{"given":["a"],"_given":[null,{"id":"x"}]}],
             "birthDate":[],"gender":null,"multipleBirthInteger":3000000000}
            """;

        var result = Strict.Parse(json);

        Assert.Equal(
            [("JSON120", "Patient.colour"), ("JSON130", "Patient.active"), ("JSON134", "Patient.name[0].given"),
             ("JSON132", "Patient.birthDate"), ("JSON133", "Patient.gender"), ("JSON135", "Patient.multipleBirthInteger")],
            result.Issues.Select(i => (i.Code, i.Location)));
        Assert.All(result.Issues, i => Assert.Equal(IssueSeverity.Error, i.Severity));
        Assert.NotNull(result.Value);
        Assert.False(result.IsSuccess);
    }
}
