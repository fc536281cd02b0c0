using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>Shared helpers for the JSON tests: parsers in each mode, round trips and issue assertions.</summary>
internal static class FhirJsonTestKit
{
    public static FhirJsonParser Strict { get; } = new(FhirJsonParserOptions.Strict);

    public static FhirJsonParser Lenient { get; } = new(FhirJsonParserOptions.Lenient);

    /// <summary>The semantic differences between two JSON texts (empty when they mean the same).</summary>
    public static IReadOnlyList<string> Differences(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return JsonSemanticComparer.Differences(e.RootElement, a.RootElement, max: 50);
    }

    /// <summary>Asserts that two JSON texts are semantically identical, listing the differences if not.</summary>
    public static void AssertSameJson(string expected, string actual)
    {
        var differences = Differences(expected, actual);
        Assert.True(differences.Count == 0,
            $"The JSON differs:\n  {string.Join("\n  ", differences)}\nexpected: {expected}\nactual:   {actual}");
    }

    /// <summary>
    /// Parses <paramref name="json"/> (strictly unless another parser is given), asserts it parsed with no issue at all,
    /// writes it back and asserts the output means exactly the same as the input. Returns the parsed resource.
    /// </summary>
    public static T AssertLosslessRoundTrip<T>(string json, FhirJsonParser? parser = null) where T : Resource
    {
        var result = (parser ?? Strict).Parse<T>(Encoding.UTF8.GetBytes(json));
        AssertNoIssues(result);
        var written = FhirJsonSerializer.SerializeToString(result.Value!);
        AssertSameJson(json, written);
        return result.Value!;
    }

    public static void AssertNoIssues<T>(FhirParseResult<T> result) where T : Base
    {
        Assert.True(result.Issues.Count == 0, "Unexpected issues:\n  " + string.Join("\n  ", result.Issues));
        Assert.NotNull(result.Value);
        Assert.True(result.IsSuccess);
    }

    /// <summary>Asserts the result holds exactly one issue, with this code, severity and location, and returns it.</summary>
    public static FhirJsonIssue AssertSingleIssue<T>(FhirParseResult<T> result, FhirJsonError error, IssueSeverity severity, string location)
        where T : Base
    {
        Assert.True(result.Issues.Count == 1, $"Expected one issue ({error.Code}), found {result.Issues.Count}:\n  " + string.Join("\n  ", result.Issues));
        var issue = result.Issues[0];
        Assert.Equal(error.Code, issue.Code);
        Assert.Same(error, issue.Error);
        Assert.Equal(severity, issue.Severity);
        Assert.Equal(location, issue.Location);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        return issue;
    }

    /// <summary>Asserts that parsing failed outright: no value, and a fatal issue with this code.</summary>
    public static FhirJsonIssue AssertFatal<T>(FhirParseResult<T> result, FhirJsonError error) where T : Base
    {
        Assert.Null(result.Value);
        Assert.False(result.IsSuccess);
        var fatal = Assert.Single(result.Issues, i => i.Severity == IssueSeverity.Fatal);
        Assert.True(fatal.Error == error, $"Expected fatal {error.Code}, found: {string.Join("; ", result.Issues)}");
        return fatal;
    }
}
