using System.Collections;
using System.Diagnostics;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;

namespace SmartReasoning.Tests.Sandbox.Search;

public class SearchQueryParsingTests
{
    [Fact]
    public void Unknown_parameters_are_ignored_with_a_warning_under_lenient_handling()
    {
        var query = Query("Patient", "colour=blue&gender=male");
        var issue = SingleIssue(query);
        Assert.False(issue.IsError);
        Assert.False(query.HasErrors);
        Assert.Equal(("colour", IssueType.NotSupported), (issue.Parameter, issue.Type));
        Assert.Contains("ignored", issue.Message, StringComparison.Ordinal);
        Assert.Equal(["p1"], Patients.Where(query.Matches).Select(p => p.Id));
    }

    [Fact]
    public void Unknown_parameters_are_errors_under_strict_handling()
    {
        var query = Query("Patient", "colour=blue&gender=male", strict: true);
        var issue = SingleIssue(query);
        Assert.True(issue.IsError);
        Assert.True(query.HasErrors);
        Assert.Contains("'colour' is not a search parameter of Patient", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_filter=name eq x")]
    [InlineData("_text=diabetes")]
    [InlineData("near=42|-71|10|km")]
    public void Parameters_the_server_does_not_support_are_treated_as_unknown(string query)
    {
        Assert.False(SingleIssue(Query(query.StartsWith("near", StringComparison.Ordinal) ? "Location" : "Patient", query)).IsError);
        Assert.True(SingleIssue(Query(query.StartsWith("near", StringComparison.Ordinal) ? "Location" : "Patient", query, strict: true)).IsError);
    }

    [Theory]
    [InlineData("general-practitioner.name=smith", "chained")]
    [InlineData("_has:Observation:patient:code=1234", "_has")]
    [InlineData("gender:in=http://hl7.org/fhir/ValueSet/administrative-gender", "':in' is not supported")]
    [InlineData("name:text=x", "':text' is not supported")]
    [InlineData("birthdate:exact=2000", "':exact' is not supported")]
    public void Chains_and_unsupported_modifiers_are_errors_even_under_lenient_handling(string query, string message)
    {
        var issue = SingleIssue(Query("Patient", query));
        Assert.True(issue.IsError);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_resource_type_is_an_error()
    {
        Assert.True(SingleIssue(Query("Patientt", "name=x")).IsError);
        Assert.True(SingleIssue(Query("DomainResource", "")).IsError);
    }

    [Fact]
    public void Empty_values_and_server_parameters_are_ignored()
    {
        var query = Query("Patient", "name=&_count=&_format=json&_pretty=true", strict: true);
        Assert.Empty(query.Clauses);
        Assert.Equal(2, query.Issues.Count);
        Assert.False(query.HasErrors);
        Assert.Equal(SearchQuery.DefaultCount, query.Count);
        Assert.Equal(3, Patients.Count(query.Matches));
    }

    [Fact]
    public void Count_defaults_to_50_and_is_capped_at_the_server_maximum_with_a_warning()
    {
        Assert.Equal(SearchQuery.DefaultCount, Query("Patient", "").Count);
        Assert.Equal(10, Query("Patient", "_count=10").Count);
        Assert.Equal(0, Query("Patient", "_count=0").Count);
        foreach (var huge in new[] { "1000000", "99999999999999999999" })
        {
            var query = Query("Patient", "_count=" + huge);
            Assert.Equal(SearchQuery.MaxCount, query.Count);
            Assert.False(query.HasErrors);
            Assert.Contains("maximum", SingleIssue(query).Message, StringComparison.Ordinal);
        }
        var epic = SearchQuery.Parse("Observation", QueryString("_count=500"), new SearchQueryOptions { MaxCount = 200 });
        Assert.Equal(200, epic.Count);
    }

    [Theory]
    [InlineData("_count=-1")]
    [InlineData("_count=ten")]
    [InlineData("_count=2.5")]
    [InlineData("_count=5&_count=6")]
    public void Bad_or_repeated_count_is_an_error(string query)
    {
        Assert.True(SingleIssue(Query("Patient", query)).IsError);
    }

    [Fact]
    public void A_thousand_parameters_are_refused_after_reading_only_the_first_hundred_and_one()
    {
        var parameters = new CountingParameters(Enumerable.Range(0, 1_000).Select(i => ("name", "n" + i)));
        var watch = Stopwatch.StartNew();
        var query = SearchQuery.Parse("Patient", parameters, strictHandling: false);
        watch.Stop();
        var issue = SingleIssue(query);
        Assert.True(issue.IsError);
        Assert.Equal(IssueType.TooCostly, issue.Type);
        Assert.Contains("more than 100 parameters", issue.Message, StringComparison.Ordinal);
        Assert.Equal(SearchQuery.MaxParameters + 1, parameters.Read);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_hundred_parameters_are_accepted()
    {
        var query = SearchQuery.Parse("Patient", Enumerable.Range(0, 100).Select(i => ("name", "n" + i)), strictHandling: true);
        Assert.False(query.HasErrors);
        Assert.Equal(100, query.Clauses.Count);
    }

    [Fact]
    public void More_than_a_hundred_alternatives_in_one_parameter_are_refused()
    {
        var values = string.Join(",", Enumerable.Range(0, 10_000).Select(i => "v" + i));
        var issue = SingleIssue(SearchQuery.Parse("Patient", [("name", values)], strictHandling: false));
        Assert.True(issue.IsError);
        Assert.Contains("more than 100 comma-separated values", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sort_reads_keys_in_order_with_minus_for_descending()
    {
        var query = Query("Observation", "_sort=-date,status,_id");
        Assert.Equal([("date", true), ("status", false), ("_id", false)], query.Sort.Select(k => (k.Parameter.Code, k.Descending)));
    }

    [Fact]
    public void Sort_by_an_unknown_parameter_is_reported_by_handling_mode()
    {
        var lenient = Query("Observation", "_sort=colour,-date");
        Assert.False(SingleIssue(lenient).IsError);
        Assert.Equal(["date"], lenient.Sort.Select(k => k.Parameter.Code));
        Assert.True(SingleIssue(Query("Observation", "_sort=colour", strict: true)).IsError);
        Assert.True(SingleIssue(Query("Observation", "_sort=,date")).IsError);
    }

    [Fact]
    public void Summary_elements_and_total_are_read()
    {
        var query = Query("Patient", "_summary=count&_elements=name,birthDate&_elements=gender&_total=accurate");
        Assert.Empty(query.Issues);
        Assert.Equal(SummaryMode.Count, query.Summary);
        Assert.Equal(["name", "birthDate", "gender"], query.Elements);
        Assert.Equal(TotalMode.Accurate, query.Total);
    }

    [Theory]
    [InlineData("_summary=maybe", true)]
    [InlineData("_total=all", true)]
    [InlineData("_elements=colour", false)]
    public void Bad_summary_total_or_elements_are_reported(string query, bool isError)
    {
        Assert.Equal(isError, SingleIssue(Query("Patient", query)).IsError);
    }

    /// <summary>An enumerable that counts how many items were pulled from it.</summary>
    private sealed class CountingParameters(IEnumerable<(string Name, string Value)> items) : IEnumerable<(string Name, string Value)>
    {
        public int Read { get; private set; }

        public IEnumerator<(string Name, string Value)> GetEnumerator()
        {
            foreach (var item in items)
            {
                Read++;
                yield return item;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
