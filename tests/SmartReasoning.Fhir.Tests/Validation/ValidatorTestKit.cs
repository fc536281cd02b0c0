using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Fhir.Tests.Validation;

/// <summary>Validates small hand-written instances against the R4 core definitions (and extra ones given as JSON).</summary>
internal static class ValidatorTestKit
{
    public static ConformanceResources Core => ConformanceResources.Core(TestData.RequireExamplesPackage());

    public static ValidationResult Validate(string json, ValidationOptions? options = null, params string[] definitions)
    {
        var resources = definitions.Length == 0 ? Core : Core.WithJson(definitions);
        return new FhirValidator(resources, options).Validate(json);
    }

    /// <summary>Asserts an error of this IssueType at exactly this location, and returns it.</summary>
    public static ValidationIssue AssertError(ValidationResult result, string location, IssueType type)
    {
        var match = result.Errors.FirstOrDefault(e => e.Location == location && e.Type == type);
        Assert.True(match is not null,
            $"expected a {type} error at {location}; got:\n  {string.Join("\n  ", result.Issues.Select(i => i.ToString()))}");
        return match!;
    }

    public static void AssertValid(ValidationResult result) =>
        Assert.True(result.IsValid, $"expected no errors; got:\n  {string.Join("\n  ", result.Errors.Select(i => i.ToString()))}");
}
