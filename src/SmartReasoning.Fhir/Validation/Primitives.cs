using System.Collections.Frozen;

namespace SmartReasoning.Fhir.Validation;

/// <summary>The FHIR primitive types and the datatype names a choice suffix may name.</summary>
internal static class Primitives
{
    private static readonly FrozenSet<string> PrimitiveTypes = new[]
    {
        "base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id", "instant", "integer", "markdown",
        "oid", "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid", "xhtml",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsPrimitive(string type) => PrimitiveTypes.Contains(type) || type.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>True when <paramref name="suffix"/> (as in <c>valueFoo</c>) names a FHIR type.</summary>
    public static bool IsKnownType(string suffix) =>
        Model.ModelInfo.FindType(suffix) is not null || PrimitiveTypes.Contains(char.ToLowerInvariant(suffix[0]) + suffix[1..]);
}
