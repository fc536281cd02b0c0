using SmartReasoning.CdsHooks;
using SmartReasoning.Launch;
using SmartReasoning.Server.Review;

namespace SmartReasoning.Server.Integration;

/// <summary>What asking for a patient's findings gave: the review, or the HTTP status and why not.</summary>
public sealed record PatientFindingsOutcome(PatientReviewResult? Review, int Status, string? Title, string? Detail);

/// <summary>
/// A patient's findings on request, with no user: SMART Backend Services (<c>system/*.rs</c>) with the launch config
/// whose issuer is the FHIR base asked for (a confidential-asymmetric client), then the app's review (pull, compile,
/// reason), writing nothing. Only configured FHIR servers are asked: no token goes anywhere else.
/// </summary>
public sealed class PatientFindings(LaunchConfigCatalogue configs, BackendServicesClient backend, PatientReview review, ILogger<PatientFindings> log)
{
    public async Task<PatientFindingsOutcome> FindAsync(string fhirBase, string patientId, CancellationToken cancellationToken)
    {
        var config = configs.FindByIssuer(fhirBase) ?? configs.FindByIssuer(fhirBase.TrimEnd('/'));
        if (config is null)
            return new(null, StatusCodes.Status400BadRequest, "Unknown FHIR server", "fhirBase is not the issuer of any launch config");
        if (config.ClientType != LaunchClientType.ConfidentialAsymmetric)
            return new(null, StatusCodes.Status400BadRequest, "No backend services client", $"the launch config '{config.Name}' is not a confidential-asymmetric client, so it cannot read without a user");
        FhirAccess access;
        try
        {
            access = await backend.AccessAsync(config, BackendFhirAccess.Scope, cancellationToken);
        }
        catch (LaunchFailure failure)
        {
            log.LogWarning("Backend services access to {Config} failed: {Reason}", config.Name, failure.Message);
            return new(null, StatusCodes.Status502BadGateway, "The EHR refused SmartReasoning's backend access", failure.Message);
        }
        try
        {
            return new(await review.RunAsync(new ReviewTarget(access, patientId, WriteTo: null), progress: null, cancellationToken), StatusCodes.Status200OK, null, null);
        }
        catch (ReviewFailure failure)
        {
            // The review's messages are for people and hold no patient data.
            var status = failure.Kind switch
            {
                ReviewFailureKind.NoPatient => StatusCodes.Status404NotFound,
                ReviewFailureKind.Reasoning => StatusCodes.Status500InternalServerError,
                _ => StatusCodes.Status502BadGateway,
            };
            log.LogWarning("Findings on request from {Config} failed: {Kind}", config.Name, failure.Kind);
            return new(null, status, "No findings for this patient", failure.Message);
        }
    }
}
