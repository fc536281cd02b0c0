using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>The lexical rules of the primitive types.</summary>
public class PrimitiveRulesTests
{
    private static void AssertInvalid(string property, string jsonValue, string location, string resourceType = "Patient", string extra = "")
    {
        var json = $$"""{"resourceType":"{{resourceType}}"{{extra}},"{{property}}":{{jsonValue}}}""";
        AssertError(Validate(json), location, IssueType.Invalid);
    }

    [Theory]
    [InlineData("\"bad_id\"")]
    [InlineData("\"bad id\"")]
    [InlineData("\"12345678901234567890123456789012345678901234567890123456789012345\"")]
    public void Resource_id_must_be_64_letters_digits_dashes_or_dots(string id) => AssertInvalid("id", id, "Patient.id");

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("\"2020-02-30\"")]
    [InlineData("\"2020-13\"")]
    [InlineData("\"20200101\"")]
    public void Date_must_be_a_real_calendar_date(string value) => AssertInvalid("birthDate", value, "Patient.birthDate");

    [Fact]
    public void DateTime_with_a_time_needs_a_timezone() =>
        AssertInvalid("authoredOn", "\"2020-01-01T10:00:00\"", "MedicationRequest.authoredOn", "MedicationRequest",
            ""","status":"active","intent":"order","medicationCodeableConcept":{"text":"x"},"subject":{"reference":"Patient/1"}""");

    [Fact]
    public void Instant_needs_seconds_and_a_timezone() =>
        AssertInvalid("issued", "\"2020-01-01T10:00\"", "Observation.issued", "Observation", ""","status":"final","code":{"text":"x"}""");

    // Plain ASCII strings are measured on their bytes, others as text: both must give the same verdicts.
    [Theory]
    [InlineData("\"\"", true)]
    [InlineData("\"x\"", false)]
    [InlineData("\"\\u00e9\"", false)]
    [InlineData("\"caf\u00e9\"", false)]
    [InlineData("\"a\\\"b\"", false)]
    public void A_string_must_not_be_empty_whether_plain_ascii_or_escaped(string value, bool empty)
    {
        var result = Validate($$"""{"resourceType":"Patient","name":[{"text":{{value}}}]}""");
        var issues = result.Issues.Where(i => i.Location == "Patient.name[0].text").ToList();
        if (empty) Assert.Contains(issues, i => i.Message == Fhir.Validation.ValidationMessages.EmptyString);
        else Assert.Empty(issues);
    }

    [Fact]
    public void Base64_must_decode() =>
        AssertError(Validate("""{"resourceType":"Binary","contentType":"text/plain","data":"%%%2@()()"}"""), "Binary.data", IssueType.Invalid);

    [Fact]
    public void Attachment_size_must_match_its_data() =>
        AssertError(Validate("""{"resourceType":"Media","status":"completed","content":{"contentType":"text/plain","data":"aGVsbG8=","size":100}}"""), "Media.content", IssueType.Structure);

    [Fact]
    public void Uri_cannot_hold_whitespace() =>
        AssertInvalid("url", "\"http://x.org/a b\"", "ValueSet.url", "ValueSet", ",\"status\":\"draft\"");

    [Fact]
    public void Code_cannot_have_leading_or_trailing_whitespace() =>
        AssertInvalid("gender", "\" male\"", "Patient.gender");

    [Fact]
    public void Decimal_must_be_a_JSON_number() =>
        AssertError(Validate("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"1.5"}}"""), "Observation.value.ofType(Quantity).value", IssueType.Invalid);

    [Theory]
    [InlineData("2147483648")]
    [InlineData("1.5")]
    public void Integer_must_be_a_whole_32_bit_number(string value) =>
        AssertError(Validate($$"""{"resourceType":"Patient","multipleBirthInteger":{{value}}}"""), "Patient.multipleBirth.ofType(integer)", IssueType.Invalid);

    [Fact]
    public void UnsignedInt_cannot_be_negative() =>
        AssertError(Validate("""{"resourceType":"Patient","photo":[{"contentType":"image/png","size":-1}]}"""), "Patient.photo[0].size", IssueType.Invalid);

    [Fact]
    public void Boolean_must_be_a_JSON_boolean() => AssertInvalid("active", "\"true\"", "Patient.active");

    [Fact]
    public void Strings_are_limited_to_1_MB()
    {
        var big = new string('x', 1024 * 1024 + 1);
        AssertError(Validate($$"""{"resourceType":"Patient","name":[{"text":"{{big}}"}]}"""), "Patient.name[0].text", IssueType.Invalid);
    }

    [Fact]
    public void Empty_string_is_not_a_value() => AssertInvalid("gender", "\"\"", "Patient.gender");

    [Fact]
    public void Coding_system_must_be_absolute() =>
        AssertError(Validate("""{"resourceType":"Patient","maritalStatus":{"coding":[{"system":"local","code":"M"}]}}"""), "Patient.maritalStatus.coding[0].system", IssueType.Invalid);
}
