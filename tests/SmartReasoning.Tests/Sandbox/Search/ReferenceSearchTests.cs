using SmartReasoning.Sandbox.Search;
using static SmartReasoning.Tests.Sandbox.Search.SearchExamples;
using static SmartReasoning.Tests.Sandbox.Search.SearchFixture;
using static SmartReasoning.Tests.Sandbox.Search.TokenSearchTests;

namespace SmartReasoning.Tests.Sandbox.Search;

public class ReferenceSearchTests
{
    [Theory]
    [InlineData("subject=Patient/p1", "o1,o4")]
    [InlineData("subject=p1", "o1,o4")]
    [InlineData("patient=p1", "o1,o4")]
    [InlineData("patient=Patient/p1,Patient/p2", "o1,o2,o4,o5")]
    [InlineData("subject:Patient=p2", "o2,o5")]
    [InlineData("subject:Group=g1", "o3")]
    [InlineData("patient=Group/g1", "")]
    [InlineData("subject=http://127.0.0.1:5480/fhir/Patient/p1", "o1,o4")]
    [InlineData("subject=Patient/p1/_history/3", "o1,o4")]
    [InlineData("subject=Patient/p9", "")]
    public void References_match_by_type_and_id_whatever_form_either_side_uses(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Observations, "Observation", query + "&_sort=_id"));
    }

    [Theory]
    [InlineData("organization=Organization/org1", "p1")]
    [InlineData("organization=org1", "p1")]
    [InlineData("general-practitioner=Practitioner/dr1", "p1")]
    [InlineData("general-practitioner:missing=true", "p2,p3")]
    [InlineData("general-practitioner:missing=false", "p1")]
    [InlineData("gender:missing=true", "p3")]
    public void Absolute_references_and_missing_modifier(string query, string expected)
    {
        Assert.Equal(Ids(expected), Find(Patients, "Patient", query + "&_sort=_id"));
    }

    [Fact]
    public void Identifier_modifier_matches_the_reference_identifier()
    {
        var observation = Index("""
            {"resourceType":"Observation","id":"x","status":"final","code":{"text":"x"},
             "subject":{"identifier":{"system":"http://hospital.example/mrn","value":"MRN-7"}}}
            """);
        Assert.Equal(["x"], Find([observation], "Observation", "subject:identifier=http://hospital.example/mrn|MRN-7"));
        Assert.Equal(["x"], Find([observation], "Observation", "subject:identifier=MRN-7"));
        Assert.Empty(Find([observation], "Observation", "subject:identifier=MRN-8"));
        Assert.Empty(Find([observation], "Observation", "subject=MRN-7"));
    }

    [Fact]
    public void Canonical_references_match_any_version_unless_one_is_searched()
    {
        var response = Index("""
            {"resourceType":"QuestionnaireResponse","id":"qr","status":"completed","questionnaire":"http://example.org/Questionnaire/q1|2.0"}
            """);
        Assert.Equal(["qr"], Find([response], "QuestionnaireResponse", "questionnaire=http://example.org/Questionnaire/q1"));
        Assert.Equal(["qr"], Find([response], "QuestionnaireResponse", "questionnaire=http://example.org/Questionnaire/q1%7C2.0"));
        Assert.Empty(Find([response], "QuestionnaireResponse", "questionnaire=http://example.org/Questionnaire/q1%7C1.0"));
        Assert.Empty(Find([response], "QuestionnaireResponse", "questionnaire=http://example.org/Questionnaire/q"));
    }

    [Theory]
    [InlineData("patient:Device=d1", "cannot refer to a Device")]
    [InlineData("subject:Patient=Group/g1", "names a Group, not a Patient")]
    [InlineData("subject:Nonsense=1", "not supported")]
    public void Type_modifiers_must_fit_the_parameter_and_the_value(string query, string message)
    {
        var issue = SingleIssue(Query("Observation", query));
        Assert.True(issue.IsError);
        Assert.Contains(message, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_takes_only_true_or_false()
    {
        var issue = SingleIssue(Query("Patient", "gender:missing=maybe"));
        Assert.True(issue.IsError);
        Assert.Contains("expected true or false", issue.Message, StringComparison.Ordinal);
    }
}
