using SmartReasoning.Launch;
using SmartReasoning.Server.Review;

namespace SmartReasoning.Server.App;

/// <summary>What the user reads when the app cannot go on: one entry per kind of failure, with the page's status and what to do.</summary>
public sealed record AppFailurePage(string Kind, int Status, string Title, string Advice)
{
    public static AppFailurePage For(ReviewFailure failure) => failure.Kind switch
    {
        ReviewFailureKind.AccessRefused => SessionEnded,
        ReviewFailureKind.FhirUnreachable => FhirUnreachable,
        ReviewFailureKind.NoPatient => new("no-patient", StatusCodes.Status502BadGateway, "The EHR did not give the patient's record",
            "Check that the patient is open in the EHR, then launch SmartReasoning again."),
        ReviewFailureKind.Reasoning => new("reasoning", StatusCodes.Status500InternalServerError, "SmartReasoning could not review this record",
            "The record was read, but the reasoning failed. Try again; nothing was written to the chart."),
        _ => new("unexpected", StatusCodes.Status500InternalServerError, "Something went wrong in SmartReasoning", "Try again in a moment; nothing was written to the chart."),
    };

    /// <summary>The page for a failure of the launch itself (the session, the first read of the patient).</summary>
    public static AppFailurePage For(LaunchFailure failure) => failure switch
    {
        { Step: LaunchStep.Refresh } or { Step: LaunchStep.FhirRead, Status: StatusCodes.Status401Unauthorized } => SessionEnded with { Title = failure.Title },
        { Step: LaunchStep.FhirRead, Status: >= 500 } when failure.Title.Contains("could not be reached", StringComparison.Ordinal) || failure.Title.Contains("did not answer", StringComparison.Ordinal)
            => FhirUnreachable with { Title = failure.Title },
        _ => new("launch", failure.Status, failure.Title, "Launch SmartReasoning again from the EHR."),
    };

    public static readonly AppFailurePage SessionEnded = new("session-ended", StatusCodes.Status401Unauthorized, "Your session with the EHR has ended",
        "Launch SmartReasoning again from the EHR to continue.");

    public static readonly AppFailurePage FhirUnreachable = new("fhir-unreachable", StatusCodes.Status502BadGateway, "The EHR's FHIR server could not be reached",
        "The EHR may be down or unreachable from SmartReasoning. Try again in a few minutes, or tell your EHR administrator.");

    /// <summary>The kind's name in problem types (<c>urn:smartreasoning:problem:app:fhir-unreachable</c>).</summary>
    public static string Slug(ReviewFailureKind kind) => kind switch
    {
        ReviewFailureKind.AccessRefused => "session-ended",
        ReviewFailureKind.FhirUnreachable => "fhir-unreachable",
        ReviewFailureKind.NoPatient => "no-patient",
        ReviewFailureKind.Reasoning => "reasoning",
        _ => "unexpected",
    };
}
