using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Store;

/// <summary>
/// One version of a resource as the sandbox holds it: the parsed model (for search and $everything) and the JSON
/// written once at store time (what reads return), or a deletion marker.
/// </summary>
public sealed record StoredResource(string ResourceType, string Id, int VersionId, DateTimeOffset LastUpdated, Resource? Resource, byte[]? Json)
{
    public bool IsDeleted => Resource is null;

    /// <summary>The weak ETag of this version, <c>W/"3"</c>.</summary>
    public string ETag => $"W/\"{VersionId}\"";

    /// <summary><c>Patient/123</c>.</summary>
    public string Reference => $"{ResourceType}/{Id}";
}
