using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Search;

/// <summary>
/// Reads reference strings: a relative <c>Patient/123</c>, an absolute <c>http://host/fhir/Patient/123</c>, either with
/// <c>/_history/2</c>, come out as <c>Patient/123</c>, so a stored reference and a searched one compare as text whichever
/// form each uses. Anything else (a canonical, a <c>urn:uuid:</c>, a contained <c>#id</c>) stays as written.
/// </summary>
public static class ReferenceText
{
    /// <summary>The <c>Type/id</c> form of a reference, or null when it does not name a resource type and id.</summary>
    public static string? ToTypeAndId(string reference)
    {
        var parts = reference.Split('/');
        var n = parts.Length;
        // Drop a trailing _history/{version}.
        if (n >= 4 && parts[n - 2] == "_history") n -= 2;
        if (n < 2) return null;
        var type = parts[n - 2];
        var id = parts[n - 1];
        return IsResourceType(type) && IsId(id) ? type + "/" + id : null;
    }

    /// <summary>
    /// The form search compares: <c>Type/id</c> when there is one, else the reference as written. A canonical's
    /// <c>|version</c> is kept after it (<c>Questionnaire/q1|2.0</c>), so the url normalizes the same with or without one.
    /// </summary>
    public static string Normalize(string reference)
    {
        var bar = reference.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0) return (ToTypeAndId(reference[..bar]) ?? reference[..bar]) + reference[bar..];
        return ToTypeAndId(reference) ?? reference;
    }

    public static bool IsResourceType(string name) =>
        name.Length > 0 && char.IsAsciiLetterUpper(name[0]) && ModelInfo.FindType(name) is { IsResource: true, IsAbstract: false };

    /// <summary>An R4 id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'.</summary>
    public static bool IsId(string id)
    {
        if (id.Length is 0 or > 64) return false;
        foreach (var ch in id)
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '-' && ch != '.') return false;
        return true;
    }

    /// <summary>
    /// For FHIRPath's <c>resolve()</c> while indexing: an empty resource of the referenced type with the referenced id,
    /// so that <c>subject.where(resolve() is Patient)</c> can tell a Patient subject from a Group without a store.
    /// </summary>
    public static Resource? ResolveToStub(string reference)
    {
        if (ToTypeAndId(reference) is not { } typeAndId) return null;
        var slash = typeAndId.IndexOf('/', StringComparison.Ordinal);
        if (ModelInfo.FindType(typeAndId[..slash])?.Create?.Invoke() is not Resource stub) return null;
        stub.Id = typeAndId[(slash + 1)..];
        return stub;
    }
}
