using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// Writes the model as FHIR R4 JSON on <see cref="Utf8JsonWriter"/>, driven by the generated metadata:
/// <c>resourceType</c> first, elements in definition order, choice names with their type suffix, primitive
/// id and extensions in <c>_name</c> companions (arrays aligned with nulls), decimals as their exact text.
/// </summary>
public static class FhirJsonSerializer
{
    private static readonly JsonWriterOptions Compact = new()
    {
        // FHIR JSON is UTF-8: keep non-ASCII text and markup readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonWriterOptions Indented = Compact with { Indented = true };

    public static byte[] SerializeToUtf8Bytes(Base value, bool pretty = false)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, pretty ? Indented : Compact)) Serialize(value, writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static string SerializeToString(Base value, bool pretty = false) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(value, pretty));

    public static void Serialize(Base value, Stream stream, bool pretty = false)
    {
        using var writer = new Utf8JsonWriter(stream, pretty ? Indented : Compact);
        Serialize(value, writer);
    }

    /// <summary>Writes a resource, datatype or backbone element as one JSON object.</summary>
    public static void Serialize(Base value, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is PrimitiveType)
            throw new ArgumentException("A primitive is written as part of its parent, not on its own.", nameof(value));
        WriteObject(writer, value);
        writer.Flush();
    }

    private static void WriteObject(Utf8JsonWriter writer, Base value)
    {
        writer.WriteStartObject();
        var type = value.TypeInfo;
        if (type.IsResource) writer.WriteString(JsonNames.ResourceType, type.Name);
        WriteElements(writer, value, type);
        writer.WriteEndObject();
    }

    private static void WriteElements(Utf8JsonWriter writer, Base value, FhirTypeInfo type)
    {
        var elements = type.Elements;
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var v = element.Get(value);
            if (v is null) continue;
            if (element.IsSystemString) writer.WriteString(JsonNames.Of(element).Name, (string)v);
            else if (element.IsList) WriteList(writer, element, (IList)v);
            else WriteSingle(writer, element, (Base)v);
        }
        if (value.UnknownProperties is { } unknown)
            foreach (var p in unknown)
            {
                writer.WritePropertyName(p.Name);
                writer.WriteRawValue(p.RawJson, skipInputValidation: true);
            }
    }

    private static void WriteSingle(Utf8JsonWriter writer, ElementInfo element, Base value)
    {
        var names = JsonNames.Of(element, value.TypeInfo);
        if (value is PrimitiveType primitive)
        {
            if (primitive.HasValue)
            {
                writer.WritePropertyName(names.Name);
                primitive.WriteJsonValue(writer);
            }
            if (primitive.HasElementContent)
            {
                writer.WritePropertyName(names.Companion);
                WriteCompanion(writer, primitive);
            }
            return;
        }
        writer.WritePropertyName(names.Name);
        WriteObject(writer, value);
    }

    private static void WriteList(Utf8JsonWriter writer, ElementInfo element, IList list)
    {
        if (list.Count == 0) return;
        if (list[0] is not PrimitiveType)
        {
            writer.WriteStartArray(JsonNames.Of(element).Name);
            foreach (Base item in list) WriteObject(writer, item);
            writer.WriteEndArray();
            return;
        }

        // Primitives: the values in one array, ids and extensions in an aligned _ array, nulls where absent.
        bool anyValue = false, anyContent = false;
        foreach (PrimitiveType item in list)
        {
            anyValue |= item.HasValue;
            anyContent |= item.HasElementContent;
        }
        var names = JsonNames.Of(element);
        if (anyValue)
        {
            writer.WriteStartArray(names.Name);
            foreach (PrimitiveType item in list)
            {
                if (item.HasValue) item.WriteJsonValue(writer);
                else writer.WriteNullValue();
            }
            writer.WriteEndArray();
        }
        if (anyContent)
        {
            writer.WriteStartArray(names.Companion);
            foreach (PrimitiveType item in list)
            {
                if (item.HasElementContent) WriteCompanion(writer, item);
                else writer.WriteNullValue();
            }
            writer.WriteEndArray();
        }
    }

    private static void WriteCompanion(Utf8JsonWriter writer, PrimitiveType primitive)
    {
        writer.WriteStartObject();
        WriteElements(writer, primitive, primitive.TypeInfo);
        writer.WriteEndObject();
    }
}

/// <summary>Pre-encoded JSON property names per element (and per type, for choice elements).</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText ResourceType = JsonEncodedText.Encode("resourceType");

    internal sealed record Pair(JsonEncodedText Name, JsonEncodedText Companion)
    {
        public static Pair For(string jsonName) => new(JsonEncodedText.Encode(jsonName), JsonEncodedText.Encode("_" + jsonName));
    }

    public static Pair Of(ElementInfo element) => element.JsonNames ??= Pair.For(element.Name);

    public static Pair Of(ElementInfo element, FhirTypeInfo valueType)
    {
        if (!element.IsChoice) return Of(element);
        var byType = element.ChoiceJsonNames ??=
            element.TypeInfos.ToDictionary(t => t, t => Pair.For(element.Name + FhirTypeInfo.Capitalize(t.Name)));
        return byType.TryGetValue(valueType, out var pair) ? pair : Pair.For(element.Name + FhirTypeInfo.Capitalize(valueType.Name));
    }
}
