using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class StringSearchTests
{
    [Theory]
    [InlineData("name=muller", "p1")]
    [InlineData("name=MÜL", "p1")]
    [InlineData("name=smith", "p2,p3")]
    [InlineData("name=zoe", "p3")]
    [InlineData("name=ith", "")]
    [InlineData("family=Smiths", "p3")]
    [InlineData("given=peter", "p1")]
    [InlineData("address-city=zurich", "p1")]
    [InlineData("address=bahnhof", "p1")]
    [InlineData("name=anna,hans", "p1,p2")]
    [InlineData("name=smith&name=anna", "p2")]
    public void Strings_match_from_the_start_ignoring_case_and_accents(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("name:exact=Smith", "p2")]
    [InlineData("name:exact=smith", "")]
    [InlineData("name:exact=Müller", "p1")]
    [InlineData("name:exact=Muller", "")]
    [InlineData("name:exact=Smit", "")]
    public void Exact_matches_the_whole_value_as_written(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query));
    }

    [Theory]
    [InlineData("name:contains=ith", "p2,p3")]
    [InlineData("family:contains=ULL", "p1")]
    [InlineData("name:contains=xyz", "")]
    public void Contains_matches_anywhere_in_the_value(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("Müller-Lüdenscheidt", "muller ludenscheidt")]
    [InlineData("  ÆSOP   Straße ", "aesop strasse")]
    [InlineData("Łódź, Øresund", "lodz oresund")]
    [InlineData("O'Brien", "o brien")]
    [InlineData("Zoe\u0308", "zoe")]
    public void Normalized_text_is_lower_case_without_accents_or_punctuation(string text, string expected)
    {
        Assert.Equal(expected, SmartReasoning.Sandbox.Search.TextNormalizer.Normalize(System.Text.RegularExpressions.Regex.Unescape(text)));
    }
}
