using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>Collects issues while validating (each once), and turns them into an OperationOutcome.</summary>
public sealed class OutcomeBuilder
{
    /// <summary>The code system of the message ids in <c>issue.details.coding</c>.</summary>
    public const string MessageSystem = "https://smartreasoning.dev/fhir/CodeSystem/validation-message";

    private readonly List<ValidationIssue> _issues = [];
    private readonly HashSet<(string, string)> _seen = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public int ErrorCount => _issues.Count(i => i.IsError);

    public void Add(ValidationMessage message, string location, params object?[] args) =>
        Add(message, message.Severity, location, args);

    public void Add(ValidationMessage message, IssueSeverity severity, string location, params object?[] args) =>
        AddText(message, severity, location, message.Format(args));

    /// <summary>An issue whose text is already formatted (a cached one).</summary>
    public void AddText(ValidationMessage message, string location, string text) => AddText(message, message.Severity, location, text);

    private void AddText(ValidationMessage message, IssueSeverity severity, string location, string text)
    {
        if (_seen.Add((location, text))) _issues.Add(new ValidationIssue(message, severity, location, text));
    }

    /// <summary>The issues as an OperationOutcome; one informational "No issues" issue when there are none.</summary>
    public static OperationOutcome ToOperationOutcome(IEnumerable<ValidationIssue> issues)
    {
        var outcome = new OperationOutcome();
        foreach (var issue in issues.OrderBy(i => i.Severity))
            outcome.Issue.Add(OperationOutcomeIssues.Coded(issue.Severity, issue.Type, MessageSystem, issue.Message.Id, issue.Text, issue.Location));
        return OperationOutcomeIssues.Complete(outcome);
    }
}
