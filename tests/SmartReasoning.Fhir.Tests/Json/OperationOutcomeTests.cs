using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>Parse issues reported to a client as a FHIR OperationOutcome, and the catalogue of issue codes behind them.</summary>
public class OperationOutcomeTests
{
    private const string IssueSystem = FhirParseResult<Resource>.FhirJsonIssueSystem;

    [Fact]
    public void ToOperationOutcome_maps_each_issue_to_severity_code_details_and_expression()
    {
        var result = Strict.Parse("""{"resourceType":"Patient","colour":"red","name":[{"given":["a"],"_given":[null,{"id":"x"}]}]}""");
        Assert.Equal(2, result.Issues.Count);

        var outcome = result.ToOperationOutcome();

        Assert.Equal(2, outcome.Issue.Count);
        for (var i = 0; i < 2; i++)
        {
            var issue = outcome.Issue[i];
            Assert.Equal(IssueSeverity.Error, issue.Severity!.Enum);
            Assert.Equal(IssueType.Structure, issue.Code!.Enum);
            var coding = Assert.Single(issue.Details!.Coding);
            Assert.Equal(IssueSystem, coding.System!.Value);
            Assert.Equal(result.Issues[i].Code, coding.Code!.Value);
            Assert.Equal(result.Issues[i].Message, issue.Details.Text!.Value);
            Assert.Equal(result.Issues[i].Location, Assert.Single(issue.Expression).Value);
        }
        Assert.Equal(["JSON120", "JSON134"], outcome.Issue.Select(i => i.Details!.Coding[0].Code!.Value));
        Assert.Equal(["Patient.colour", "Patient.name[0].given"], outcome.Issue.Select(i => i.Expression[0].Value));
    }

    [Fact]
    public void Serialized_OperationOutcome_has_the_FHIR_shape()
    {
        var result = Lenient.Parse("""{"resourceType":"Patient","active":"true","multipleBirthInteger":9999999999}""");
        var messages = result.Issues.Select(i => JsonSerializer.Serialize(i.Message)).ToArray();

        var json = FhirJsonSerializer.SerializeToString(result.ToOperationOutcome());

        AssertSameJson($$"""
            {"resourceType":"OperationOutcome","issue":[
              {"severity":"warning","code":"structure",
               "details":{"coding":[{"system":"{{IssueSystem}}","code":"JSON130"}],"text":{{messages[0]}}},
               "expression":["Patient.active"]},
              {"severity":"error","code":"value",
               "details":{"coding":[{"system":"{{IssueSystem}}","code":"JSON135"}],"text":{{messages[1]}}},
               "expression":["Patient.multipleBirthInteger"]}]}
            """, json);
    }

    [Fact]
    public void Success_without_issues_gives_one_informational_issue()
    {
        var outcome = Strict.Parse("""{"resourceType":"Patient"}""").ToOperationOutcome();

        Assert.Equal(
            """{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational","diagnostics":"No issues"}]}""",
            FhirJsonSerializer.SerializeToString(outcome));
    }

    [Fact]
    public void Issue_about_the_whole_input_has_no_expression_rather_than_an_empty_one()
    {
        var result = Strict.Parse("""["not","an","object"]""");
        Assert.Equal("", Assert.Single(result.Issues).Location);

        var issue = Assert.Single(result.ToOperationOutcome().Issue);

        Assert.Equal(IssueSeverity.Fatal, issue.Severity!.Enum);
        Assert.Equal(IssueType.Structure, issue.Code!.Enum);
        Assert.Equal("JSON103", issue.Details!.Coding[0].Code!.Value);
        Assert.Empty(issue.Expression);
    }

    [Fact]
    public void Fatal_issue_inside_the_resource_keeps_the_location_where_reading_stopped()
    {
        var issue = Assert.Single(Strict.Parse("""{"resourceType":"Patient","name":[{"family":"x",}]}""").ToOperationOutcome().Issue);

        Assert.Equal(IssueSeverity.Fatal, issue.Severity!.Enum);
        Assert.Equal("JSON100", issue.Details!.Coding[0].Code!.Value);
        Assert.Equal("Patient.name[0]", Assert.Single(issue.Expression).Value);
    }

    public static TheoryData<string, long> Inputs => new()
    {
        { """{"resourceType":"Patient","colour":"red","active":"true"}""", long.MaxValue },
        { """{"resourceType":"Patient",""", long.MaxValue },
        { """[1,2]""", long.MaxValue },
        { "", long.MaxValue },
        { """{"resourceType":"Patient"}""", 10 },
        { """{"resourceType":"Nope"}""", long.MaxValue },
        { """{"id":"x"}""", long.MaxValue },
        { """{"resourceType":5}""", long.MaxValue },
        { """{"resourceType":"Patient","name":[{"given":[null]}],"birthDate":"","contained":[{}]}""", long.MaxValue },
        { """{"resourceType":"Patient"}""", long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void OperationOutcome_of_any_parse_is_itself_valid_FHIR_JSON(string input, long maxInputBytes)
    {
        foreach (var options in new[] { FhirJsonParserOptions.Strict, FhirJsonParserOptions.Lenient })
        {
            var result = new FhirJsonParser(options with { MaxInputBytes = maxInputBytes }).Parse(input);

            var json = FhirJsonSerializer.SerializeToString(result.ToOperationOutcome());

            var reparsed = Strict.Parse<OperationOutcome>(Encoding.UTF8.GetBytes(json));
            Assert.True(reparsed.Issues.Count == 0, $"The outcome {json} is not valid FHIR JSON: {string.Join("; ", reparsed.Issues)}");
            AssertSameJson(json, FhirJsonSerializer.SerializeToString(reparsed.Value!));
        }
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient"}""", 5, "JSON101", IssueSeverity.Fatal, IssueType.TooCostly)]
    [InlineData("""{"id":"x"}""", 0, "JSON110", IssueSeverity.Error, IssueType.Required)]
    [InlineData("""{"resourceType":"Nope"}""", 0, "JSON111", IssueSeverity.Error, IssueType.NotSupported)]
    [InlineData("""{"resourceType":true}""", 0, "JSON112", IssueSeverity.Error, IssueType.Structure)]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":1.5}""", 0, "JSON135", IssueSeverity.Error, IssueType.Value)]
    [InlineData("""["Patient"]""", 0, "JSON103", IssueSeverity.Fatal, IssueType.Structure)]
    public void Outcome_issue_type_comes_from_the_error_catalogue(string json, long maxInputBytes, string code, IssueSeverity severity, IssueType type)
    {
        var options = maxInputBytes > 0 ? FhirJsonParserOptions.Strict with { MaxInputBytes = maxInputBytes } : FhirJsonParserOptions.Strict;

        var issue = Assert.Single(new FhirJsonParser(options).Parse(json).ToOperationOutcome().Issue);

        Assert.Equal(code, issue.Details!.Coding[0].Code!.Value);
        Assert.Equal(severity, issue.Severity!.Enum);
        Assert.Equal(type, issue.Code!.Enum);
    }

    [Fact]
    public void Parse_of_T_mismatch_is_reported_in_the_outcome()
    {
        var result = Strict.Parse<Patient>("""{"resourceType":"Observation","status":"final","code":{"text":"x"}}"""u8);

        var issue = Assert.Single(result.ToOperationOutcome().Issue);

        Assert.Equal("JSON113", issue.Details!.Coding[0].Code!.Value);
        Assert.Equal(IssueType.Invalid, issue.Code!.Enum);
        Assert.Equal(IssueSeverity.Fatal, issue.Severity!.Enum);
    }

    [Fact]
    public void Error_catalogue_codes_are_unique_and_numbered_JSON1xx()
    {
        var all = FhirJsonError.All;

        Assert.Equal(20, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Code).Distinct().Count());
        Assert.All(all, e => Assert.Matches("^JSON1[0-3][0-9]$", e.Code));
        Assert.All(all, e => Assert.False(string.IsNullOrWhiteSpace(e.Title)));
        Assert.All(all, e => Assert.True(Enum.IsDefined(e.Type)));
        Assert.Equal(all.Select(e => e.Code).Order(StringComparer.Ordinal), all.Select(e => e.Code));
    }

    [Fact]
    public void Issue_text_names_severity_code_location_and_message()
    {
        var issue = Strict.Parse("""{"resourceType":"Patient","colour":"red"}""").Issues.Single();

        Assert.Equal($"error JSON120 at Patient.colour: {issue.Message}", issue.ToString());
        Assert.Contains("colour", issue.Message, StringComparison.Ordinal);
    }
}
