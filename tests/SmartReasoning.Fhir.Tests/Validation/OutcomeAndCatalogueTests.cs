using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;
using static SmartReasoning.Fhir.Tests.Validation.ValidatorTestKit;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>The OperationOutcome the validator gives, and its catalogue of messages.</summary>
public class OutcomeAndCatalogueTests
{
    [Fact]
    public void Outcome_carries_severity_code_expression_and_message_id()
    {
        var outcome = Validate("""{"resourceType":"Patient","gender":"mail"}""").ToOperationOutcome();
        var issue = Assert.Single(outcome.Issue, i => i.Severity?.Enum == IssueSeverity.Error);
        Assert.Equal(IssueType.CodeInvalid, issue.Code!.Enum);
        Assert.Equal("Patient.gender", Assert.Single(issue.Expression).Value);
        Assert.Equal(ValidationMessages.CodeNotInRequired.Id, issue.Details!.Coding[0].Code!.Value);
        Assert.False(string.IsNullOrWhiteSpace(issue.Details.Text!.Value));
        // The outcome is itself a valid FHIR resource.
        AssertValid(Validate(FhirJsonSerializer.SerializeToString(outcome)));
    }

    [Fact]
    public void A_valid_resource_gives_an_informational_outcome()
    {
        var outcome = Validate("""{"resourceType":"Basic","code":{"text":"x"},"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}""").ToOperationOutcome();
        Assert.All(outcome.Issue, i => Assert.NotEqual(IssueSeverity.Error, i.Severity!.Enum));
    }

    [Fact]
    public void Message_ids_are_unique_and_every_message_has_text()
    {
        Assert.Equal(ValidationMessages.All.Count, ValidationMessages.All.Select(m => m.Id).Distinct().Count());
        Assert.All(ValidationMessages.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Template)));
    }

    [Fact]
    public void The_same_issue_is_reported_once_when_base_and_profile_both_find_it()
    {
        var result = Validate("""{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/StructureDefinition/Patient"]},"bogus":1}""");
        Assert.Single(result.Errors, e => e.Message == ValidationMessages.UnknownProperty);
    }
}
