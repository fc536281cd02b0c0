namespace SmartReasoning.Fhir.Model;

/// <summary>How our error catalogues (JSON, validation) become OperationOutcome issues: one shape for both.</summary>
internal static class OperationOutcomeIssues
{
    /// <summary>An issue coded in a catalogue's system, with its text and, when it has one, its FHIRPath location.</summary>
    public static OperationOutcome.IssueComponent Coded(IssueSeverity severity, IssueType type, string system, string code, string text, string location) => new()
    {
        Severity = severity,
        Code = type,
        Details = new CodeableConcept
        {
            Coding = [new Coding { System = new FhirUri { Value = system }, Code = new Code { Value = code } }],
            Text = new FhirString { Value = text },
        },
        // An issue about the whole input has no location, and FHIR JSON forbids empty strings: no expression then.
        Expression = location.Length > 0 ? [new FhirString { Value = location }] : [],
    };

    /// <summary>The outcome as it is returned: one informational "No issues" issue when it has none (an OperationOutcome needs one).</summary>
    public static OperationOutcome Complete(OperationOutcome outcome)
    {
        if (outcome.Issue.Count == 0)
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = IssueSeverity.Information,
                Code = IssueType.Informational,
                Diagnostics = new FhirString { Value = "No issues" },
            });
        return outcome;
    }
}
