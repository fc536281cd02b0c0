using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.WriteBack;

/// <summary>
/// The FHIR validator over the R4 core definitions and our profiles (fhir-profiles/): every resource the writer is about
/// to send is checked against its profile, and any error stops the write. The definitions load once, on first use.
/// </summary>
public sealed class ProfileValidator : IResourceValidator
{
    /// <summary>Where the build puts fhir-profiles/ beside the program.</summary>
    public static string BundledProfiles => Path.Combine(AppContext.BaseDirectory, "fhir-profiles");

    private readonly Lazy<ConformanceResources> _resources;

    /// <param name="fhirPackage">The extracted hl7.fhir.r4.examples@4.0.1 (the R4 core definitions).</param>
    /// <param name="profiles">Our profiles and what they need (default: <see cref="BundledProfiles"/>).</param>
    public ProfileValidator(string fhirPackage, string? profiles = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fhirPackage);
        _resources = new(() => ConformanceResources.Core(fhirPackage).With([profiles ?? BundledProfiles]));
    }

    public IReadOnlyList<ValidationProblem> Validate(Resource resource, string profileCanonical)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var validator = new FhirValidator(_resources.Value, new ValidationOptions { Profiles = [profileCanonical] });
        var result = validator.Validate(FhirJsonSerializer.SerializeToString(resource));
        return [.. result.Errors.Select(e => new ValidationProblem(e.Location, CodeTable<IssueType>.GetCode(e.Type), e.Text))];
    }
}
