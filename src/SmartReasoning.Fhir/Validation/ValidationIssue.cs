using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>One finding: what (a catalogued message), where (a FHIRPath location) and how bad.</summary>
public sealed record ValidationIssue(ValidationMessage Message, IssueSeverity Severity, string Location, string Text)
{
    public IssueType Type => Message.Type;
    public bool IsError => Severity is IssueSeverity.Error or IssueSeverity.Fatal;

    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant(),-11} {CodeTable<IssueType>.GetCode(Type)} @ {(Location.Length == 0 ? "(input)" : Location)}: {Text}";
}
