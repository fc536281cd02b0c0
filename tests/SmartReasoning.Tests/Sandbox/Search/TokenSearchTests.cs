using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;

namespace SmartReasoning.Tests.Sandbox.Search;

public class TokenSearchTests
{
    [Theory]
    [InlineData("code=2339-0", "o1")]
    [InlineData("code=http://loinc.org|2339-0", "o1")]
    [InlineData("code=http://snomed.info/sct|2339-0", "")]
    [InlineData("code=|2339-0", "")]
    [InlineData("status=http://hl7.org/fhir/observation-status|preliminary", "o2")]
    [InlineData("category=http://terminology.hl7.org/CodeSystem/observation-category|", "o1,o2,o3,o4,o5")]
    [InlineData("code=2339-0,15074-8", "o1,o5")]
    [InlineData("category=laboratory&code=2339-0,4548-4", "o1,o3")]
    [InlineData("category=laboratory&category=vital-signs", "")]
    [InlineData("combo-code=8480-6", "o4")]
    public void Tokens_match_by_code_system_or_both_with_commas_as_or_and_repeats_as_and(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("identifier=http://hospital.example/mrn|MRN-1", "p1")]
    [InlineData("identifier=MRN-2", "p2")]
    [InlineData("identifier=mrn-2", "")]
    [InlineData("phone=555-1234", "p1")]
    [InlineData("active=true", "p1")]
    [InlineData("active=|false", "p2")]
    [InlineData("deceased=true", "p2")]
    [InlineData("deceased=false", "p1,p3")]
    [InlineData("gender=female,male", "p1,p2")]
    [InlineData("_tag=http://example.org/tags|vip", "p1")]
    [InlineData("_id=p1,p3", "p1,p3")]
    [InlineData("_id=P1", "")]
    public void Identifiers_contact_points_booleans_and_codes_are_tokens(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("code:text=glucose", "o1,o5")]
    [InlineData("code:text=GLUCOSE%20MASS", "o1")]
    [InlineData("code:text=blood", "o1,o4,o5")]
    [InlineData("code:text=lucose", "")]
    public void Text_modifier_matches_words_of_display_and_text_ignoring_case(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Fact]
    public void Not_modifier_excludes_matches_and_keeps_resources_without_a_value()
    {
        Assert.Equal(["p2", "p3"], Find(Patients, "Patient", "gender:not=male&_sort=_id"));
        Assert.Equal(["p3"], Find(Patients, "Patient", "gender:not=male,female"));
    }

    [Fact]
    public void Escaped_commas_and_bars_are_part_of_the_value()
    {
        var patient = Index("""{"resourceType":"Patient","id":"x","identifier":[{"system":"urn:sys","value":"A,B|C"}]}""");
        Assert.Equal(["x"], Find([patient], "Patient", @"identifier=urn:sys|A\,B\|C"));
        Assert.Equal(["x"], Find([patient], "Patient", @"identifier=A\,B\|C"));
        Assert.Empty(Find([patient], "Patient", "identifier=A,B"));
    }

    internal static List<string> Ids(string csv) => [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
