using System.Text.Json;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>The comparer that proves round trips: meaning, not bytes, with a JSON path for every difference.</summary>
public class JsonSemanticComparerTests
{
    private static IReadOnlyList<string> Compare(string expected, string actual, int max = 10)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return JsonSemanticComparer.Differences(e.RootElement, a.RootElement, max);
    }

    private static bool Equivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return JsonSemanticComparer.AreEquivalent(e.RootElement, a.RootElement);
    }

    [Fact]
    public void Property_order_is_ignored_at_every_level()
    {
        const string expected = """{"a":1,"b":{"c":[{"x":1,"y":2}],"d":"x"},"e":null}""";
        const string actual = """{"e":null,"b":{"d":"x","c":[{"y":2,"x":1}]},"a":1}""";

        Assert.Empty(Compare(expected, actual));
        Assert.True(Equivalent(expected, actual));
    }

    [Fact]
    public void Whitespace_and_string_escapes_are_ignored()
    {
        Assert.Empty(Compare("""{ "a" : "A/é\n" }""", """{"\u0061":"\u0041\/\u00e9\u000a"}"""));
    }

    [Fact]
    public void Array_order_matters()
    {
        Assert.Equal(["$.a[0]: expected 1, found 2", "$.a[1]: expected 2, found 1"], Compare("""{"a":[1,2]}""", """{"a":[2,1]}"""));
        Assert.False(Equivalent("""[{"id":"x"},{"id":"y"}]""", """[{"id":"y"},{"id":"x"}]"""));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1.00", "1.0")]
    [InlineData("1e2", "100")]
    [InlineData("1E2", "1e2")]
    [InlineData("-0", "0")]
    [InlineData("0.10", "0.1")]
    public void Numbers_compare_by_their_exact_text(string expected, string actual)
    {
        Assert.Equal([$"$.x: expected {expected}, found {actual}"], Compare($$"""{"x":{{expected}}}""", $$"""{"x":{{actual}}}"""));
        Assert.Empty(Compare($$"""{"x":{{expected}}}""", $$"""{"x":{{expected}}}"""));
    }

    [Fact]
    public void True_and_false_differ()
    {
        Assert.Equal(["$.active: expected true, found false"], Compare("""{"active":true}""", """{"active":false}"""));
        Assert.Empty(Compare("""{"active":false}""", """{"active":false}"""));
    }

    [Fact]
    public void Difference_is_reported_with_its_JSON_path()
    {
        const string expected = """{"resourceType":"Patient","name":[{"given":["Peter","James"]}]}""";
        const string actual = """{"resourceType":"Patient","name":[{"given":["Peter","Jim"]}]}""";

        Assert.Equal(["$.name[0].given[1]: expected \"James\", found \"Jim\""], Compare(expected, actual));
    }

    [Fact]
    public void Missing_and_unexpected_properties_are_reported()
    {
        Assert.Equal(
            ["$.b: missing (expected 2)", "$.c: unexpected \"two\""],
            Compare("""{"a":1,"b":2}""", """{"a":1,"c":"two"}"""));
        Assert.Equal(["$.x.extra: unexpected true"], Compare("""{"x":{}}""", """{"x":{"extra":true}}"""));
    }

    [Fact]
    public void Null_differs_from_an_absent_property_and_from_the_string_null()
    {
        Assert.Equal(["$.a: missing (expected null)"], Compare("""{"a":null}""", """{}"""));
        Assert.Equal(["$.a: expected null, found \"null\""], Compare("""{"a":null}""", """{"a":"null"}"""));
    }

    [Fact]
    public void Arrays_of_different_lengths_are_reported_with_their_lengths()
    {
        Assert.Equal(["$.a: expected 3 items, found 2"], Compare("""{"a":[1,2,3]}""", """{"a":[1,2]}"""));
        Assert.Equal(["$.a: expected 1 items, found 2"], Compare("""{"a":[1]}""", """{"a":[1,2]}"""));
    }

    [Fact]
    public void Values_of_different_kinds_differ()
    {
        Assert.Equal(["$.x: expected an object, found an array"], Compare("""{"x":{}}""", """{"x":[]}"""));
        Assert.Equal(["$.x: expected \"1\", found 1"], Compare("""{"x":"1"}""", """{"x":1}"""));
        Assert.Equal(["$: expected an array, found an object"], Compare("[]", "{}"));
    }

    [Fact]
    public void Strings_are_case_sensitive()
    {
        Assert.Single(Compare("""{"a":"A"}""", """{"a":"a"}"""));
        Assert.Single(Compare("""{"A":1}""", """{"a":1}""", max: 1));
    }

    [Fact]
    public void Long_values_are_shortened_in_the_report()
    {
        var longText = new string('x', 100);

        var difference = Assert.Single(Compare($$"""{"a":"{{longText}}"}""", """{"a":"y"}"""));

        Assert.Contains("...", difference, StringComparison.Ordinal);
        Assert.True(difference.Length < 100, difference);
    }

    [Fact]
    public void At_most_max_differences_are_reported()
    {
        const string expected = """{"a":[1,2,3,4,5,6],"b":1,"c":2}""";
        const string actual = """{"a":[9,9,9,9,9,9],"b":2,"c":3}""";

        Assert.Equal(8, Compare(expected, actual, max: 100).Count);
        Assert.Equal(3, Compare(expected, actual, max: 3).Count);
        Assert.Equal(["$.a[0]: expected 1, found 9"], Compare(expected, actual, max: 1));
        Assert.False(Equivalent(expected, actual));
    }

    [Fact]
    public void Large_arrays_of_objects_are_compared_item_by_item()
    {
        var items = Enumerable.Range(0, 20_000).Select(i => $$"""{"i":{{i}}}""");
        var expected = "[" + string.Join(",", items) + "]";
        var actual = expected.Replace("""{"i":19999}""", """{"i":-1}""", StringComparison.Ordinal);

        Assert.Equal(["$[19999].i: expected 19999, found -1"], Compare(expected, actual));
    }
}
