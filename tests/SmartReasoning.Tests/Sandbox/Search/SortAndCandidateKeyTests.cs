using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class SortAndCandidateKeyTests
{
    [Theory]
    [InlineData("_sort=-date", "o5,o3,o1,o2,o4")]
    [InlineData("_sort=date", "o4,o2,o1,o3,o5")]
    [InlineData("_sort=status,-date", "o5,o3,o1,o4,o2")]
    [InlineData("_sort=-value-quantity", "o1,o2,o3,o5,o4")]
    [InlineData("_sort=-_id", "o5,o4,o3,o2,o1")]
    [InlineData("category=laboratory&_sort=-date", "o5,o3,o1")]
    public void Sort_orders_by_each_key_in_turn(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query));
    }

    [Theory]
    [InlineData("_sort=family", "p1,p2,p3")]
    [InlineData("_sort=-family", "p3,p2,p1")]
    [InlineData("_sort=gender", "p2,p1,p3")]
    [InlineData("_sort=-gender", "p1,p2,p3")]
    [InlineData("_sort=-_lastUpdated", "p1,p3,p2")]
    [InlineData("_sort=birthdate", "p1,p2,p3")]         // 1985 starts before 1985-03-04
    [InlineData("_sort=-birthdate", "p2,p3,p1")]        // and ends after it
    [InlineData("_sort=deceased,-_id", "p3,p1,p2")]
    public void Resources_without_a_sort_value_come_last_in_either_direction(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query));
    }

    [Fact]
    public void Without_sort_the_order_is_by_id_so_pages_are_stable()
    {
        Assert.Equal(["o1", "o2", "o3", "o4", "o5"], Find(Observations.Reverse(), "Observation", ""));
    }

    [Fact]
    public void Candidate_keys_hold_one_entry_per_indexable_clause_with_its_alternatives()
    {
        var query = Query("Observation", "patient=p1,Patient/p2&code=http://loinc.org|2339-0&date=ge2021&value-quantity=lt5");
        Assert.Equal(2, query.CandidateKeys.Count);
        // A bare id may name any target of the parameter (Patient or Group); a typed one only itself.
        Assert.Equal(["patient=Patient/p1", "patient=Group/p1", "patient=Patient/p2"], query.CandidateKeys[0]);
        Assert.Equal(["code=http://loinc.org|2339-0"], query.CandidateKeys[1]);
    }

    [Theory]
    [InlineData("name=smith")]
    [InlineData("gender:not=male")]
    [InlineData("gender:missing=true")]
    [InlineData("identifier:text=record")]
    [InlineData("birthdate=1985")]
    public void Clauses_that_cannot_use_exact_keys_leave_the_candidates_open(string query)
    {
        var parsed = Query("Patient", query);
        Assert.Single(parsed.Clauses);
        Assert.Empty(parsed.CandidateKeys);
    }

    [Fact]
    public void Candidate_keys_of_an_observation_search_select_exactly_its_matches_here()
    {
        var query = Query("Observation", "subject=Patient/p1&category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs");
        var candidates = Observations.Where(o => query.CandidateKeys.All(alternatives => alternatives.Any(o.Keys.Contains))).Select(o => o.Id);
        Assert.Equal(["o4"], candidates);
        Assert.Equal(["o4"], Observations.Where(query.Matches).Select(o => o.Id));
    }

    [Fact]
    public void A_query_does_not_match_resources_of_another_type()
    {
        Assert.DoesNotContain(Patients, Query("Observation", "").Matches);
    }
}
