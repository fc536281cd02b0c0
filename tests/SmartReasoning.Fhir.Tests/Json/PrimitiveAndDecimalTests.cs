using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>How primitive values are read, held and written: decimals by their exact text, the others by JSON type.</summary>
public class PrimitiveAndDecimalTests
{
    private static string ObservationWithValue(string number) =>
        $$$"""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":{{{number}}},"unit":"mg"}}""";

    private static FhirDecimal ParseQuantityValue(string number, FhirJsonParser? parser = null)
    {
        var result = (parser ?? Strict).Parse<Observation>(System.Text.Encoding.UTF8.GetBytes(ObservationWithValue(number)));
        return Assert.IsType<Quantity>(result.Value!.Value).Value!;
    }

    [Theory]
    [InlineData("1.00")]
    [InlineData("1.000000000000000000E-245")]
    [InlineData("-0.0")]
    [InlineData("-0")]
    [InlineData("0")]
    [InlineData("0.000000000000000000000000000000000000001")]
    [InlineData("123456789012345678901234567890123456789.000001")]
    [InlineData("3.14159265358979323846264338327950288419716939937510")]
    [InlineData("1E+400")]
    [InlineData("1e3")]
    [InlineData("-1.5E-7")]
    [InlineData("79228162514264337593543950336")]
    public void Decimal_keeps_its_exact_text_through_a_round_trip(string number)
    {
        var json = ObservationWithValue(number);

        var observation = AssertLosslessRoundTrip<Observation>(json);

        var value = Assert.IsType<Quantity>(observation.Value).Value!;
        Assert.Equal(number, value.Text);
        Assert.Equal(number, value.ToString());
        Assert.Contains($"\"value\":{number},", FhirJsonSerializer.SerializeToString(observation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.00", "1.00")]
    [InlineData("-12.500", "-12.500")]
    [InlineData("0", "0")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-3", "0.0025")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Decimal_value_is_a_view_of_the_text_keeping_its_scale(string number, string expected)
    {
        var value = ParseQuantityValue(number);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value.Value);
        Assert.Equal(expected, value.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(number, value.Text); // reading Value changes nothing
    }

    [Theory]
    [InlineData("1E+400")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("-79228162514264337593543950336")]
    [InlineData("1.000000000000000000E-245")]
    [InlineData("-1E-29")]
    [InlineData("0.000000000000000000000000000000000000001")]
    public void Decimal_value_is_null_outside_the_range_of_decimal_while_the_text_is_kept(string number)
    {
        var value = ParseQuantityValue(number);

        Assert.Null(value.Value);
        Assert.True(value.HasValue);
        Assert.Equal(number, value.Text);
    }

    [Theory]
    [InlineData("0E-245")]
    [InlineData("-0.0E-400")]
    [InlineData("0.00000000000000000000000000000000000000")]
    public void Decimal_zero_written_with_a_tiny_exponent_or_many_places_is_still_zero(string number)
    {
        var value = ParseQuantityValue(number);

        Assert.Equal(0m, value.Value);
        Assert.Equal(number, value.Text);
    }

    [Theory]
    [InlineData("1.000000000000000000E-245", true)]
    [InlineData("1e3", true)]
    [InlineData("1.00", false)]
    [InlineData("-0.0", false)]
    public void Decimal_knows_whether_its_text_uses_an_exponent(string number, bool expected)
    {
        Assert.Equal(expected, ParseQuantityValue(number).HasExponent);
    }

    [Fact]
    public void Setting_a_decimal_value_writes_text_that_keeps_its_scale()
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Text = new FhirString { Value = "x" } },
            Value = new Quantity { Value = new FhirDecimal { Value = 1.50m } },
        };

        Assert.Equal("1.50", ((Quantity)observation.Value).Value!.Text);
        Assert.Equal(
            """{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.50}}""",
            FhirJsonSerializer.SerializeToString(observation));

        ((Quantity)observation.Value).Value!.Value = null;
        Assert.False(((Quantity)observation.Value).Value!.HasValue);
    }

    [Fact]
    public void Decimal_written_as_a_numeric_string_is_an_error_in_strict_mode_and_becomes_a_number_in_lenient_mode()
    {
        var json = ObservationWithValue("\"1.50\"");

        AssertSingleIssue(Strict.Parse(json), FhirJsonError.WrongJsonType, IssueSeverity.Error, "Observation.valueQuantity.value");

        var lenient = Lenient.Parse(json);
        AssertSingleIssue(lenient, FhirJsonError.WrongJsonType, IssueSeverity.Warning, "Observation.valueQuantity.value");
        Assert.Equal(ObservationWithValue("1.50"), FhirJsonSerializer.SerializeToString(lenient.Value!));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"1,5\"")]
    [InlineData("\"1.5e\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Decimal_that_is_not_a_number_is_an_error_in_both_modes_and_no_text_is_kept(string value)
    {
        foreach (var parser in new[] { Strict, Lenient })
        {
            var result = parser.Parse(ObservationWithValue(value));
            AssertSingleIssue(result, FhirJsonError.WrongJsonType, IssueSeverity.Error, "Observation.valueQuantity.value");
            var quantity = Assert.IsType<Quantity>(((Observation)result.Value!).Value);
            Assert.False(quantity.Value?.HasValue ?? false);
            Assert.DoesNotContain("\"value\"", FhirJsonSerializer.SerializeToString(result.Value!), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unsigned_and_positive_integers_round_trip_as_JSON_numbers()
    {
        const string json = """
            {"resourceType":"Bundle","type":"searchset","total":0,
             "entry":[{"resource":{"resourceType":"Patient","multipleBirthInteger":-3}}]}
            """;

        var bundle = AssertLosslessRoundTrip<Bundle>(json);

        Assert.Equal(0, bundle.Total!.Value);
        Assert.IsType<UnsignedInt>(bundle.Total);
        Assert.Contains("\"total\":0", FhirJsonSerializer.SerializeToString(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_written_as_a_numeric_string_is_kept_in_lenient_mode_and_written_as_a_number()
    {
        var result = Lenient.Parse("""{"resourceType":"Patient","multipleBirthInteger":"-12"}""");

        AssertSingleIssue(result, FhirJsonError.WrongJsonType, IssueSeverity.Warning, "Patient.multipleBirthInteger");
        Assert.Equal(-12, Assert.IsType<Integer>(((Patient)result.Value!).MultipleBirth).Value);
        Assert.Equal("""{"resourceType":"Patient","multipleBirthInteger":-12}""", FhirJsonSerializer.SerializeToString(result.Value!));
    }

    [Theory]
    [InlineData("\"1.5\"")]
    [InlineData("\"12345678901\"")]
    [InlineData("\"\"")]
    [InlineData("\" 7\"")]
    public void Integer_string_that_is_not_a_32_bit_integer_is_an_error_in_lenient_mode(string value)
    {
        var result = Lenient.Parse($$"""{"resourceType":"Patient","multipleBirthInteger":{{value}}}""");

        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Error && i.Location == "Patient.multipleBirthInteger");
        Assert.Null(Assert.IsType<Integer>(((Patient)result.Value!).MultipleBirth).Value);
    }

    [Theory]
    [InlineData("\"false\"", false)]
    [InlineData("\"true\"", true)]
    public void Boolean_written_as_a_string_is_kept_in_lenient_mode_and_written_as_a_boolean(string value, bool expected)
    {
        var result = Lenient.Parse($$"""{"resourceType":"Patient","active":{{value}}}""");

        AssertSingleIssue(result, FhirJsonError.WrongJsonType, IssueSeverity.Warning, "Patient.active");
        Assert.Equal(expected, ((Patient)result.Value!).Active!.Value);
        Assert.Equal($$"""{"resourceType":"Patient","active":{{(expected ? "true" : "false")}}}""", FhirJsonSerializer.SerializeToString(result.Value!));
    }

    [Theory]
    [InlineData("\"True\"")]
    [InlineData("\"1\"")]
    [InlineData("0")]
    [InlineData("\"\"")]
    public void Boolean_in_any_other_form_is_an_error_in_lenient_mode(string value)
    {
        var result = Lenient.Parse($$"""{"resourceType":"Patient","active":{{value}}}""");

        AssertSingleIssue(result, FhirJsonError.WrongJsonType, IssueSeverity.Error, "Patient.active");
        Assert.False(((Patient)result.Value!).Active?.HasValue ?? false);
    }

    [Fact]
    public void Text_primitives_keep_their_exact_text_without_normalising_it()
    {
        const string json = """
            {"resourceType":"Observation","status":"final","code":{"text":"  padded  text  "},
             "effectiveDateTime":"2015-02-07T13:28:17.239+02:00","issued":"2015-02-07T13:28:17.2390000Z",
             "valueTime":"09:05:00.5000","note":[{"text":"**markdown** _kept_\r\nas is"}],
             "identifier":[{"system":"urn:oid:1.2.3.4","value":"00042"}]}
            """;

        var observation = AssertLosslessRoundTrip<Observation>(json);

        Assert.Equal("  padded  text  ", observation.Code!.Text!.Value);
        Assert.Equal("2015-02-07T13:28:17.239+02:00", Assert.IsType<FhirDateTime>(observation.Effective).Value);
        Assert.Equal("2015-02-07T13:28:17.2390000Z", observation.Issued!.Value);
        Assert.Equal("09:05:00.5000", Assert.IsType<Time>(observation.Value).Value);
        Assert.Equal("**markdown** _kept_\r\nas is", observation.Note[0].Text!.Value);
        Assert.Equal("00042", observation.Identifier[0].Value!.Value);
    }

    [Fact]
    public void ObjectValue_exposes_each_primitive_as_its_CLR_value()
    {
        var patient = AssertLosslessRoundTrip<Patient>(
            """{"resourceType":"Patient","active":false,"multipleBirthInteger":3,"birthDate":"2001","extension":[{"url":"u","valueDecimal":2.50}]}""");

        Assert.Equal(false, patient.Active!.ObjectValue);
        Assert.Equal(3, ((Integer)patient.MultipleBirth!).ObjectValue);
        Assert.Equal("2001", patient.BirthDate!.ObjectValue);
        Assert.Equal(2.50m, ((FhirDecimal)patient.Extension[0].Value!).ObjectValue);
        Assert.Equal("2.50", patient.Extension[0].Value!.ToString());
        Assert.Equal("False", patient.Active.ToString());
    }

    [Fact]
    public void A_primitive_cannot_be_serialized_on_its_own()
    {
        Assert.Throws<ArgumentException>(() => FhirJsonSerializer.SerializeToString(new FhirString { Value = "x" }));
    }

    [Fact]
    public void A_primitive_with_neither_value_nor_id_nor_extension_is_not_written()
    {
        var patient = new Patient { BirthDate = new Date(), Active = new FhirBoolean() };
        patient.Name.Add(new HumanName { Given = [new FhirString { Value = "a" }, new FhirString { Id = "b" }] });

        Assert.Equal(
            """{"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,{"id":"b"}]}]}""",
            FhirJsonSerializer.SerializeToString(patient));
    }
}
