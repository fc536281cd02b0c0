using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class NumberAndQuantitySearchTests
{
    // r1 predicts 0.25; r2 a range 0.1..0.3.
    private static readonly IReadOnlyList<ResourceIndex> Risks =
    [
        Index("""{"resourceType":"RiskAssessment","id":"r1","status":"final","subject":{"reference":"Patient/p1"},"prediction":[{"probabilityDecimal":0.25}]}"""),
        Index("""{"resourceType":"RiskAssessment","id":"r2","status":"final","subject":{"reference":"Patient/p1"},"prediction":[{"probabilityRange":{"low":{"value":0.1},"high":{"value":0.3}}}]}"""),
    ];

    [Theory]
    [InlineData("probability=0.25", "r1")]
    [InlineData("probability=0.3", "r1")]      // 0.3 stands for [0.25, 0.35)
    [InlineData("probability=0.30", "")]       // 0.30 for [0.295, 0.305)
    [InlineData("probability=2.5e-1", "r1")]
    [InlineData("probability=eq0.2", "")]
    [InlineData("probability=ne0.25", "r2")]
    [InlineData("probability=gt0.2", "r1,r2")]
    [InlineData("probability=gt0.25", "r2")]
    [InlineData("probability=lt0.2", "r2")]
    [InlineData("probability=ge0.25", "r1,r2")]
    [InlineData("probability=le0.1", "r2")]
    [InlineData("probability=sa0.2", "r1")]
    [InlineData("probability=eb0.28", "r1")]
    [InlineData("probability=ap0.27", "r1,r2")]
    [InlineData("probability=ap0.5", "")]
    [InlineData("probability=0.25,0.9", "r1")]
    public void Number_prefixes_compare_values_and_eq_honours_the_precision_searched(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Risks, "RiskAssessment", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("value-quantity=95|http://unitsofmeasure.org|mg/dL", "o1")]
    [InlineData("value-quantity=95||mg/dL", "o1")]
    [InlineData("value-quantity=95", "o1")]
    [InlineData("value-quantity=95|http://snomed.info/sct|mg/dL", "")]
    [InlineData("value-quantity=gt90||mg/dL", "o1")]
    [InlineData("value-quantity=lt100", "o1,o2,o3,o5")]
    [InlineData("value-quantity=72||beats/minute", "o2")]
    [InlineData("value-quantity=5500|http://unitsofmeasure.org|umol/L", "o5")]
    [InlineData("value-quantity=gt5|http://unitsofmeasure.org|mmol/L", "o5")]
    [InlineData("value-quantity=ap7||%25", "o3")]
    [InlineData("value-quantity=ge120|http://unitsofmeasure.org|mm[Hg]", "")]
    public void Quantities_match_number_and_unit_converting_between_ucum_units(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("RiskAssessment", "probability=abc", "is not a number")]
    [InlineData("RiskAssessment", "probability=gt", "is not a number")]
    [InlineData("RiskAssessment", "probability=1,2,x", "is not a number")]
    [InlineData("Observation", "value-quantity=ten||mg", "is not a quantity")]
    [InlineData("Observation", "value-quantity=5|http://unitsofmeasure.org", "is not a quantity")]
    public void Values_that_are_not_numbers_are_errors(string type, string query, string message)
    {
        var issue = SingleIssue(Query(type, query));
        Assert.True(issue.IsError);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
    }
}
