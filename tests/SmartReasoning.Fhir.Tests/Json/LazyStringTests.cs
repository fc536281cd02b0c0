using System.Text;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>String values are kept as UTF-8 slices of the input until read: the behaviour must not show it.</summary>
public class LazyStringTests
{
    private const string Json = """{"resourceType":"Patient","name":[{"family":"Ch\u00e4lmers","given":["Pe\"ter","Jim"]}],"gender":"male"}""";

    [Fact]
    public void Parse_from_a_span_copies_so_a_reused_buffer_does_not_change_the_values()
    {
        var buffer = Encoding.UTF8.GetBytes(Json);
        var patient = (Patient)new FhirJsonParser().Parse(buffer.AsSpan()).Value!;

        Array.Fill(buffer, (byte)'x');

        Assert.Equal("Chälmers", patient.Name[0].Family!.Value);
        Assert.Equal("Jim", patient.Name[0].Given[1].Value);
    }

    [Fact]
    public void Escaped_and_plain_strings_read_back_as_their_values()
    {
        var patient = (Patient)new FhirJsonParser().Parse(Json).Value!;

        Assert.Equal("Pe\"ter", patient.Name[0].Given[0].Value);
        Assert.Equal(AdministrativeGender.Male, patient.Gender!.Enum);
    }

    [Fact]
    public void Setting_a_value_replaces_the_parsed_text_in_what_is_written()
    {
        var patient = (Patient)new FhirJsonParser().Parse(Json).Value!;

        patient.Name[0].Given[1].Value = "James";
        patient.Gender!.Enum = AdministrativeGender.Other;

        var written = FhirJsonSerializer.SerializeToString(patient);
        Assert.Contains("\"given\":[\"Pe\\\"ter\",\"James\"]", written, StringComparison.Ordinal);
        Assert.Contains("\"gender\":\"other\"", written, StringComparison.Ordinal);
        Assert.Contains("Chälmers", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_string_value_is_kept_as_empty_not_absent_in_lenient_mode()
    {
        var patient = (Patient)new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse("""{"resourceType":"Patient","gender":""}""").Value!;

        Assert.True(patient.Gender!.HasValue);
        Assert.Equal("", patient.Gender.Value);
    }
}
