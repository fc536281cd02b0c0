using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;

namespace SmartReasoning.Tests.Sandbox.Search;

public class IncludeParameterTests
{
    [Fact]
    public void Include_lists_the_references_of_a_match_to_fetch()
    {
        var query = Query("Observation", "_include=Observation:patient&_include=Observation:subject:Group");
        Assert.Empty(query.Issues);
        Assert.Equal(["Patient/p1"], query.Includes[0].ReferencesIn(Observations[0]));
        Assert.Empty(query.Includes[1].ReferencesIn(Observations[0]));
        Assert.Equal(["Group/g1"], query.Includes[1].ReferencesIn(Observations[2]));
        Assert.False(query.Includes[0].Iterate);
    }

    [Fact]
    public void Wildcard_include_covers_every_reference_parameter_of_the_source()
    {
        var include = Assert.Single(Query("Patient", "_include=Patient:*").Includes);
        Assert.Contains(include.Parameters, p => p.Code == "organization");
        Assert.Contains(include.Parameters, p => p.Code == "general-practitioner");
        Assert.Equal(["Organization/org1", "Practitioner/dr1"], include.ReferencesIn(Patients[0]).Order());
    }

    [Fact]
    public void Revinclude_gives_the_keys_that_find_referring_resources_in_their_index()
    {
        var query = Query("Patient", "_revinclude=Observation:subject");
        var revinclude = Assert.Single(query.RevIncludes);
        var keys = revinclude.RevIncludeKeys("Patient", "p1").ToList();
        Assert.Equal(["subject=Patient/p1"], keys);
        Assert.Equal(["o1", "o4"], Observations.Where(o => keys.Any(o.Keys.Contains)).Select(o => o.Id));
    }

    [Fact]
    public void Iterate_allows_includes_from_other_types()
    {
        var query = Query("Observation", "_include=Observation:patient&_include:iterate=Patient:organization");
        Assert.Empty(query.Issues);
        Assert.True(query.Includes[1].Iterate);
        Assert.Equal("Patient", query.Includes[1].SourceType);
    }

    [Theory]
    [InlineData("_include=Patient:organization", true)]         // does not start from the searched type
    [InlineData("_include=Observation", true)]
    [InlineData("_include=Observation:subject:Nonsense", true)]
    [InlineData("_include=Observation:patient:Device", true)]   // patient refers to a Patient or Group
    [InlineData("_include:deep=Observation:patient", true)]
    [InlineData("_include=Observation:colour", false)]          // unknown parameter: lenient warning
    [InlineData("_include=Observation:code", false)]            // not a reference parameter
    public void Bad_includes_are_reported(string query, bool isError)
    {
        Assert.Equal(isError, SingleIssue(Query("Observation", query)).IsError);
    }
}
