using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class UriAndCompositeSearchTests
{
    private static readonly IReadOnlyList<ResourceIndex> ValueSets =
    [
        Index("""{"resourceType":"ValueSet","id":"vs1","url":"http://example.org/fhir/ValueSet/abc","status":"active"}"""),
        Index("""{"resourceType":"ValueSet","id":"vs2","url":"http://example.org/fhir/ValueSet/abc-extended","status":"active"}"""),
        Index("""{"resourceType":"ValueSet","id":"vs3","url":"http://other.org/ValueSet/x","status":"active"}"""),
    ];

    [Theory]
    [InlineData("url=http://example.org/fhir/ValueSet/abc", "vs1")]
    [InlineData("url=http://example.org/fhir/ValueSet/ABC", "")]
    [InlineData("url:below=http://example.org/fhir/", "vs1,vs2")]
    [InlineData("url:above=http://example.org/fhir/ValueSet/abc/v2", "vs1")]
    [InlineData("url=http://other.org/ValueSet/x,http://example.org/fhir/ValueSet/abc-extended", "vs2,vs3")]
    public void Uris_match_exactly_or_above_or_below_a_path(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(ValueSets, "ValueSet", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("code-value-quantity=http://loinc.org|2339-0$gt90", "o1")]
    [InlineData("code-value-quantity=http://loinc.org|2339-0$lt90", "")]
    [InlineData("code-value-quantity=2339-0$95|http://unitsofmeasure.org|mg/dL,15074-8$5.5", "o1,o5")]
    [InlineData("component-code-value-quantity=http://loinc.org|8480-6$gt110", "o4")]
    [InlineData("component-code-value-quantity=8480-6$lt90", "")]  // 80 belongs to the diastolic component
    [InlineData("component-code-value-quantity=8462-4$lt90", "o4")]
    [InlineData("combo-code-value-quantity=8462-4$80", "o4")]
    public void Composites_need_one_element_to_match_every_part(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Fact]
    public void Composite_values_with_the_wrong_number_of_parts_are_errors()
    {
        var issue = SingleIssue(Query("Observation", "code-value-quantity=2339-0"));
        Assert.True(issue.IsError);
        Assert.Contains("takes 2 separated by '$'", issue.Message, StringComparison.Ordinal);
    }
}
