using System.Text.Json;
using System.Text.Json.Nodes;
using SmartReasoning.Fhir.FhirPath.Functions;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.FhirPath;

/// <summary>How result items are named and shown: their type names and their values as text or JSON.</summary>
public static class FhirPathResults
{
    /// <summary>
    /// The type of an item as the conformance suite writes it: a model node's FHIR type (<c>code</c>, <c>HumanName</c>),
    /// or a System value's type in FHIR's spelling (<c>string</c>, <c>integer</c>, <c>dateTime</c>, <c>Quantity</c>).
    /// </summary>
    public static string TypeName(object item) => item switch
    {
        Base b => SystemValues.FhirTypeName(b),
        string => "string",
        bool => "boolean",
        int => "integer",
        long => "long",
        decimal => "decimal",
        FhirPathDate => "date",
        FhirPathDateTime => "dateTime",
        FhirPathTime => "time",
        FhirPathQuantity => "Quantity",
        _ => item.GetType().Name,
    };

    /// <summary>The value of an item as text (dates with their <c>@</c>, quantities as <c>5 'mg'</c>); null for complex nodes.</summary>
    public static string? ValueText(object item)
    {
        var value = item is Base and not PrimitiveType and not Quantity ? null : SystemValues.Of(item);
        return value switch
        {
            null => null,
            FhirPathDate or FhirPathDateTime => "@" + value,
            FhirPathTime => "@T" + value,
            _ => ConversionFunctions.ToText(value),
        };
    }

    /// <summary>A result collection as JSON: <c>[{"type": "string", "value": "Peter"}, {"type": "HumanName", "value": {...}}]</c>.</summary>
    public static string ToJson(IReadOnlyList<object> items, bool indented = true)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            JsonNode? value = item switch
            {
                Base b and not PrimitiveType => JsonNode.Parse(FhirJsonSerializer.SerializeToUtf8Bytes(b)),
                _ => SystemValues.Of(item) switch
                {
                    null => null,
                    bool b => JsonValue.Create(b),
                    int i => JsonValue.Create(i),
                    long l => JsonValue.Create(l),
                    decimal d => JsonValue.Create(d),
                    _ => JsonValue.Create(ValueText(item)),
                },
            };
            array.Add(new JsonObject { ["type"] = TypeName(item), ["value"] = value });
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
