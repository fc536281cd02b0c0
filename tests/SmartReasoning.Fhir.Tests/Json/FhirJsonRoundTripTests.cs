using System.Text;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>
/// Edge cases of the R4 JSON format (https://hl7.org/fhir/R4/json.html) that must survive
/// strict parse -> serialize with no issue and no change in meaning.
/// </summary>
public class FhirJsonRoundTripTests
{
    [Fact]
    public void Primitive_companion_with_id_and_extension_round_trips()
    {
        const string json = """
            {"resourceType":"Patient","id":"p1","birthDate":"1970-03-30",
             "_birthDate":{"id":"bd1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1970-03-30T14:30:00+01:00"}]}}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Equal("p1", patient.Id);
        Assert.Equal("1970-03-30", patient.BirthDate!.Value);
        Assert.Equal("bd1", patient.BirthDate.Id);
        var extension = Assert.Single(patient.BirthDate.Extension);
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/patient-birthTime", extension.Url);
        Assert.Equal("1970-03-30T14:30:00+01:00", Assert.IsType<FhirDateTime>(extension.Value).Value);
    }

    [Fact]
    public void Primitive_with_only_an_extension_and_no_value_round_trips()
    {
        const string json = """
            {"resourceType":"Patient",
             "_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.False(patient.BirthDate!.HasValue);
        Assert.True(patient.BirthDate.HasElementContent);
        Assert.Equal("unknown", Assert.IsType<Code>(Assert.Single(patient.BirthDate.Extension).Value).Value);
        Assert.DoesNotContain("\"birthDate\"", FhirJsonSerializer.SerializeToString(patient), StringComparison.Ordinal);
    }

    [Fact]
    public void Primitive_array_with_nulls_and_aligned_companion_round_trips()
    {
        const string json = """
            {"resourceType":"Patient","name":[{"family":"Chalmers",
              "given":["Peter",null,"James"],
              "_given":[null,{"extension":[{"url":"http://example.org/fhir/StructureDefinition/initial","valueString":"J."}]},{"id":"g3"}]}]}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        var given = Assert.Single(patient.Name).Given;
        Assert.Equal(3, given.Count);
        Assert.Equal("Peter", given[0].Value);
        Assert.False(given[0].HasElementContent);
        Assert.Null(given[1].Value);
        Assert.Equal("J.", Assert.IsType<FhirString>(Assert.Single(given[1].Extension).Value).Value);
        Assert.Equal("James", given[2].Value);
        Assert.Equal("g3", given[2].Id);
    }

    [Fact]
    public void Primitive_array_where_only_the_last_item_has_an_extension_round_trips()
    {
        // The example of the R4 JSON page: "given": ["a", null] is not allowed, but a null value with a companion is.
        const string json = """
            {"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,{"extension":[{"url":"http://example.org/x","valueBoolean":true}]}]}]}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        var given = patient.Name[0].Given;
        Assert.Equal(2, given.Count);
        Assert.Equal("a", given[0].Value);
        Assert.False(given[1].HasValue);
        Assert.Equal(true, Assert.IsType<FhirBoolean>(given[1].Extension[0].Value).Value);
    }

    [Fact]
    public void Companion_array_before_the_value_array_round_trips()
    {
        const string json = """
            {"resourceType":"Patient","name":[{"_given":[{"id":"first"},null],"given":["Peter","James"],"family":"Chalmers"}],
             "_gender":{"id":"gx"},"gender":"male"}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        var given = patient.Name[0].Given;
        Assert.Equal(["Peter", "James"], given.Select(g => g.Value));
        Assert.Equal("first", given[0].Id);
        Assert.Null(given[1].Id);
        Assert.Equal("male", patient.Gender!.Value);
        Assert.Equal("gx", patient.Gender.Id);
    }

    [Fact]
    public void Choice_element_valueQuantity_round_trips_as_a_Quantity()
    {
        const string json = """
            {"resourceType":"Observation","status":"final","code":{"text":"Body weight"},
             "valueQuantity":{"value":72.50,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}
            """;

        var observation = AssertLosslessRoundTrip<Observation>(json);

        var quantity = Assert.IsType<Quantity>(observation.Value);
        Assert.Equal("72.50", quantity.Value!.Text);
        Assert.Equal("kg", quantity.Unit!.Value);
        Assert.Contains("\"valueQuantity\":{", FhirJsonSerializer.SerializeToString(observation), StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_element_valueString_with_its_companion_round_trips()
    {
        const string json = """
            {"resourceType":"Observation","status":"final","code":{"text":"Comment"},
             "valueString":"clear","_valueString":{"id":"v1","extension":[{"url":"http://example.org/lang","valueCode":"en"}]}}
            """;

        var observation = AssertLosslessRoundTrip<Observation>(json);

        var value = Assert.IsType<FhirString>(observation.Value);
        Assert.Equal("clear", value.Value);
        Assert.Equal("v1", value.Id);
        Assert.Single(value.Extension);
    }

    [Fact]
    public void Choice_companion_before_its_value_round_trips()
    {
        const string json = """
            {"resourceType":"Observation","_valueString":{"id":"v1"},"valueString":"clear","status":"final","code":{"text":"Comment"}}
            """;

        var observation = AssertLosslessRoundTrip<Observation>(json);

        var value = Assert.IsType<FhirString>(observation.Value);
        Assert.Equal("clear", value.Value);
        Assert.Equal("v1", value.Id);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","deceasedBoolean":true}""", typeof(FhirBoolean))]
    [InlineData("""{"resourceType":"Patient","deceasedBoolean":false}""", typeof(FhirBoolean))]
    [InlineData("""{"resourceType":"Patient","deceasedDateTime":"2015-02-14T13:42:00+10:00"}""", typeof(FhirDateTime))]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":2}""", typeof(Integer))]
    [InlineData("""{"resourceType":"Patient","multipleBirthBoolean":true}""", typeof(FhirBoolean))]
    public void Patient_choice_elements_round_trip_with_the_type_their_suffix_names(string json, Type expected)
    {
        var patient = AssertLosslessRoundTrip<Patient>(json);

        var value = patient.Deceased ?? patient.MultipleBirth;
        Assert.NotNull(value);
        Assert.IsType(expected, value);
    }

    [Fact]
    public void Choice_element_in_an_extension_round_trips_for_complex_and_primitive_types()
    {
        const string json = """
            {"resourceType":"Patient","extension":[
              {"url":"http://example.org/a","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"123"}]}},
              {"url":"http://example.org/b","valueReference":{"reference":"Practitioner/1"}},
              {"url":"http://example.org/c","valueDecimal":0.10},
              {"url":"http://example.org/d","valueInteger":-7},
              {"url":"http://example.org/e","valuePeriod":{"start":"2020-01-01"}}]}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Collection(patient.Extension,
            e => Assert.IsType<CodeableConcept>(e.Value),
            e => Assert.IsType<Reference>(e.Value),
            e => Assert.Equal("0.10", Assert.IsType<FhirDecimal>(e.Value).Text),
            e => Assert.Equal(-7, Assert.IsType<Integer>(e.Value).Value),
            e => Assert.IsType<Period>(e.Value));
    }

    [Fact]
    public void Contained_resources_of_different_types_round_trip()
    {
        const string json = """
            {"resourceType":"Patient","id":"p1",
             "contained":[
               {"resourceType":"Practitioner","id":"pr1","name":[{"family":"Careful","prefix":["Dr"]}]},
               {"resourceType":"Organization","id":"o1","name":"Good Health Clinic"}],
             "generalPractitioner":[{"reference":"#pr1"}],
             "managingOrganization":{"reference":"#o1"}}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Collection(patient.Contained,
            r => Assert.Equal("pr1", Assert.IsType<Practitioner>(r).Id),
            r => Assert.Equal("Good Health Clinic", Assert.IsType<Organization>(r).Name!.Value));
        Assert.Equal("#pr1", patient.GeneralPractitioner[0].ReferenceValue!.Value);
    }

    [Fact]
    public void Bundle_entries_holding_resources_of_different_types_round_trip()
    {
        const string json = """
            {"resourceType":"Bundle","id":"b1","type":"collection","entry":[
              {"fullUrl":"urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0","resource":{"resourceType":"Patient","id":"p1","active":true}},
              {"fullUrl":"urn:uuid:5c4a4b9e-3f7e-4d6a-9f0e-2b1c7d8e9f01","resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueBoolean":false}},
              {"resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Condition","subject":{"reference":"Patient/p1"}}}]}}]}
            """;

        var bundle = AssertLosslessRoundTrip<Bundle>(json);

        Assert.Equal(3, bundle.Entry.Count);
        Assert.True(Assert.IsType<Patient>(bundle.Entry[0].Resource).Active!.Value);
        Assert.Equal(false, Assert.IsType<FhirBoolean>(Assert.IsType<Observation>(bundle.Entry[1].Resource).Value).Value);
        var inner = Assert.IsType<Bundle>(bundle.Entry[2].Resource);
        Assert.IsType<Condition>(Assert.Single(inner.Entry).Resource);
    }

    [Fact]
    public void ResourceType_appearing_last_in_the_object_is_found()
    {
        const string json = """
            {"id":"late","active":true,"name":[{"family":"Last"}],
             "contained":[{"id":"o1","name":"Org","resourceType":"Organization"}],
             "resourceType":"Patient"}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Equal("late", patient.Id);
        Assert.True(patient.Active!.Value);
        Assert.Equal("Org", Assert.IsType<Organization>(Assert.Single(patient.Contained)).Name!.Value);
    }

    [Fact]
    public void Narrative_div_is_kept_as_the_exact_xhtml_text()
    {
        const string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Zoë Ødegård &amp; 李 — BP &lt; 140 &amp;&amp; a<b>b</b> 🩺</p>\n  <br/></div>";
        var json = """{"resourceType":"Patient","text":{"status":"generated","div":""" + System.Text.Json.JsonSerializer.Serialize(div) + "}}";

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Equal(div, patient.Text!.Div!.Value);
        Assert.Equal("generated", patient.Text.Status!.Value);
        // The serializer keeps markup and non-ASCII text readable rather than \u-escaping it.
        Assert.Contains("<p>Zoë Ødegård &amp; 李 — BP &lt; 140 &amp;&amp; a<b>b</b>", FhirJsonSerializer.SerializeToString(patient), StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_extensions_and_modifier_extensions_round_trip_at_every_level()
    {
        const string json = """
            {"resourceType":"Patient",
             "extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race","extension":[
                {"url":"ombCategory","valueCoding":{"system":"urn:oid:2.16.840.1.113883.6.238","code":"2106-3","display":"White"}},
                {"url":"detailed","extension":[{"url":"deeper","valueString":"three levels"}]},
                {"url":"text","valueString":"White"}]}],
             "modifierExtension":[{"url":"http://example.org/fhir/StructureDefinition/test-only","valueBoolean":true}],
             "contact":[{"modifierExtension":[{"url":"http://example.org/mod","valueCode":"x"}],
                         "extension":[{"url":"http://example.org/ext","valueString":"y"}],
                         "name":{"family":"Doe","_family":{"extension":[{"url":"http://example.org/fam","valueString":"z"}]}}}]}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        var race = Assert.Single(patient.Extension);
        Assert.Equal(3, race.Extension.Count);
        Assert.Equal("three levels", Assert.IsType<FhirString>(race.Extension[1].Extension[0].Value).Value);
        Assert.Equal(true, Assert.IsType<FhirBoolean>(Assert.Single(patient.ModifierExtension).Value).Value);
        var contact = Assert.Single(patient.Contact);
        Assert.Single(contact.ModifierExtension);
        Assert.Single(contact.Extension);
        Assert.Single(contact.Name!.Family!.Extension);
    }

    [Fact]
    public void Utf8_byte_order_mark_is_accepted()
    {
        var body = """{"resourceType":"Patient","active":true}"""u8;
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. body];

        var result = Strict.Parse(withBom);

        AssertNoIssues(result);
        Assert.True(Assert.IsType<Patient>(result.Value).Active!.Value);
    }

    [Fact]
    public async Task Utf8_byte_order_mark_is_accepted_from_a_stream()
    {
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. """{"resourceType":"Patient","gender":"other"}"""u8];
        using var stream = new MemoryStream(withBom);

        var result = await Strict.ParseAsync(stream, TestContext.Current.CancellationToken);

        AssertNoIssues(result);
        Assert.Equal(AdministrativeGender.Other, Assert.IsType<Patient>(result.Value).Gender!.Enum);
    }

    [Fact]
    public void Escaped_property_names_are_matched_by_their_unescaped_text()
    {
        const string json = """
            {"\u0072esourceType":"Patient","\u0061ctive":true,"n\u0061me":[{"\u0066amily":"Esc\u0061ped"}],"_\u0062irthDate":{"id":"b"}}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.True(patient.Active!.Value);
        Assert.Equal("Escaped", patient.Name[0].Family!.Value);
        Assert.Equal("b", patient.BirthDate!.Id);
    }

    [Fact]
    public void Escaped_characters_in_string_values_are_decoded_and_round_trip()
    {
        const string json = """
            {"resourceType":"Patient","name":[{"text":"Tab\there \"quoted\" \\ back \u00e9 \ud83e\ude7a /slash"}]}
            """;

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Equal("Tab\there \"quoted\" \\ back é 🩺 /slash", patient.Name[0].Text!.Value);
    }

    [Fact]
    public void Datatype_parsed_on_its_own_with_ParseElement_round_trips()
    {
        const string json = """{"use":"official","family":"Chalmers","given":["Peter",null],"_given":[null,{"id":"x"}],"period":{"end":"2020"}}""";

        var result = Strict.ParseElement(Encoding.UTF8.GetBytes(json), HumanName.TypeMetadata);

        AssertNoIssues(result);
        var name = Assert.IsType<HumanName>(result.Value);
        Assert.Equal("Chalmers", name.Family!.Value);
        AssertSameJson(json, FhirJsonSerializer.SerializeToString(name));
    }

    [Fact]
    public void Serializer_writes_resourceType_first_and_elements_in_definition_order()
    {
        const string json = """{"gender":"female","active":true,"id":"x","resourceType":"Patient"}""";

        var patient = AssertLosslessRoundTrip<Patient>(json);

        Assert.Equal("""{"resourceType":"Patient","id":"x","active":true,"gender":"female"}""", FhirJsonSerializer.SerializeToString(patient));
    }
}
