using SmartReasoning.Fhir.Model;

namespace SmartReasoning.WriteBack;

/// <summary>One error a validator found: where (a FHIRPath location), its issue code and what is wrong.</summary>
public sealed record ValidationProblem(string Location, string Code, string Message);

/// <summary>
/// Checks a resource against a profile (its canonical URL) before it is written. The writer calls it for every
/// resource it is about to send; any error stops the write. The FHIR validator (SmartReasoning.Fhir.Validation) is
/// plugged in here; until then <see cref="NoValidation"/> accepts everything.
/// </summary>
public interface IResourceValidator
{
    /// <returns>The errors (warnings and information left out); empty when the resource conforms.</returns>
    IReadOnlyList<ValidationProblem> Validate(Resource resource, string profileCanonical);
}

/// <summary>Accepts every resource: the stand-in until the FHIR validator is plugged in.</summary>
public sealed class NoValidation : IResourceValidator
{
    public static NoValidation Instance { get; } = new();

    public IReadOnlyList<ValidationProblem> Validate(Resource resource, string profileCanonical) => [];
}

/// <summary>Validation problems as an OperationOutcome (for a report or an API answer).</summary>
public static class ValidationProblems
{
    public static OperationOutcome ToOperationOutcome(IEnumerable<ValidationProblem> problems) => new()
    {
        Issue =
        [
            .. problems.Select(p => new OperationOutcome.IssueComponent
            {
                Severity = IssueSeverity.Error,
                Code = new Code<IssueType> { Value = p.Code },
                Diagnostics = new FhirString { Value = p.Message },
                Expression = [new FhirString { Value = p.Location }],
            }),
        ],
    };
}
