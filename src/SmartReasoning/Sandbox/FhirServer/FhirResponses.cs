using System.Globalization;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>How the sandbox answers: FHIR JSON bodies, version headers, and errors as OperationOutcome.</summary>
internal static class FhirResponses
{
    public const string FhirJson = "application/fhir+json; charset=utf-8";

    /// <summary>A stored version as the body, with ETag and Last-Modified.</summary>
    public static IResult Resource(StoredResource stored, int status = StatusCodes.Status200OK, string? location = null) =>
        new StoredResult(stored, status, location);

    public static IResult Json(Base value, int status = StatusCodes.Status200OK) => new BytesResult(FhirJsonSerializer.SerializeToUtf8Bytes(value), status);

    /// <summary>An OperationOutcome with one issue, at the given HTTP status.</summary>
    public static IResult Outcome(int status, IssueType type, string message, IssueSeverity severity = IssueSeverity.Error) =>
        Json(OperationOutcomeOf(type, message, severity), status);

    public static OperationOutcome OperationOutcomeOf(IssueType type, string message, IssueSeverity severity = IssueSeverity.Error) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = type, Diagnostics = new FhirString { Value = message } }],
    };

    public static IResult NotFound(string type, string id) =>
        Outcome(StatusCodes.Status404NotFound, IssueType.NotFound, $"{type}/{id} is not known");

    public static IResult Gone(StoredResource deleted) =>
        Outcome(StatusCodes.Status410Gone, IssueType.Deleted, $"{deleted.Reference} was deleted (version {deleted.VersionId})");

    public static IResult UnknownType(string type) =>
        Outcome(StatusCodes.Status404NotFound, IssueType.NotSupported, $"'{type}' is not an R4 resource type");

    private sealed class BytesResult(byte[] body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = FhirJson;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }

    private sealed class StoredResult(StoredResource stored, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = FhirJson;
            response.Headers.ETag = stored.ETag;
            response.Headers.LastModified = stored.LastUpdated.ToString("R", CultureInfo.InvariantCulture);
            if (location is not null) response.Headers.Location = location;
            await response.Body.WriteAsync(stored.Json, httpContext.RequestAborted);
        }
    }
}
