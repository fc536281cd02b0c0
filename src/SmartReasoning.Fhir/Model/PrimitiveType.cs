using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Fhir.Model;

/// <summary>How a FHIR primitive's value is written in JSON (and so held in memory).</summary>
public enum PrimitiveJsonKind
{
    /// <summary>A JSON string: string, code, uri, the date and time types, base64Binary, xhtml...</summary>
    Text,
    /// <summary>A JSON <c>true</c>/<c>false</c>.</summary>
    Boolean,
    /// <summary>A JSON number without fraction: integer, positiveInt, unsignedInt.</summary>
    Integer,
    /// <summary>A JSON number kept as its exact source text.</summary>
    Decimal,
}

/// <summary>
/// A FHIR primitive: a value plus the <c>id</c> and <c>extension</c> every Element may carry
/// (written in JSON as the <c>_name</c> companion property). The value may be absent when only
/// extensions are present, as in <c>"given": [null]</c>, <c>"_given": [{"extension": [...]}]</c>.
/// </summary>
public abstract class PrimitiveType : Element
{
    /// <summary>The value as a CLR object (string, bool, int or decimal), or null when absent.</summary>
    public abstract object? ObjectValue { get; }

    /// <summary>True when the primitive has a value (as opposed to only an id or extensions).</summary>
    public abstract bool HasValue { get; }

    /// <summary>
    /// True when the <c>_name</c> JSON companion is needed: an id or extensions are present, or properties
    /// the lenient parser kept from the companion (which would otherwise be lost when written back).
    /// </summary>
    public bool HasElementContent => Id is not null || _extension is { Count: > 0 } || UnknownProperties is { Count: > 0 };

    /// <summary>Reads the JSON value token under the reader; reports problems to the context.</summary>
    internal abstract void ReadJsonValue(ref Utf8JsonReader reader, JsonParseContext context);

    /// <summary>Writes the value as a JSON token.</summary>
    internal abstract void WriteJsonValue(Utf8JsonWriter writer);

    public override string ToString() => ObjectValue is IFormattable f
        ? f.ToString(null, CultureInfo.InvariantCulture)
        : ObjectValue?.ToString() ?? string.Empty;
}

/// <summary>A primitive whose JSON form is a string.</summary>
public abstract class TextPrimitive : PrimitiveType
{
    private string? _value;

    // After a parse, the value's UTF-8 bytes in the parsed input, decoded on first read. Most strings of a large
    // bundle are never read, and not allocating them up front is most of the cost of building the model; writing
    // JSON copies the bytes without decoding at all. The model thereby keeps the input buffer alive.
    private ReadOnlyMemory<byte> _utf8;

    /// <summary>The value exactly as written.</summary>
    public string? Value
    {
        get => _value ?? (_utf8.IsEmpty ? null : _value = Encoding.UTF8.GetString(_utf8.Span));
        set
        {
            _value = value;
            _utf8 = default;
        }
    }

    public override object? ObjectValue => Value;
    public override bool HasValue => _value is not null || !_utf8.IsEmpty;

    internal override void ReadJsonValue(ref Utf8JsonReader reader, JsonParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (context.RawString(ref reader) is { IsEmpty: false } utf8)
                {
                    _value = null;
                    _utf8 = utf8;
                }
                else Value = reader.GetString();
                break;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                // No data is lost turning 12 or true into "12" or "true", so lenient mode keeps it.
                Value = JsonParseContext.RawText(ref reader);
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON string, found {JsonParseContext.Describe(reader.TokenType)}", recoverable: true);
                break;
            default:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON string, found {JsonParseContext.Describe(reader.TokenType)}");
                reader.Skip();
                break;
        }
    }

    internal override void WriteJsonValue(Utf8JsonWriter writer)
    {
        if (_value is null && !_utf8.IsEmpty) writer.WriteStringValue(_utf8.Span);
        else writer.WriteStringValue(_value);
    }
}

/// <summary>A primitive whose JSON form is <c>true</c> or <c>false</c>.</summary>
public abstract class BooleanPrimitive : PrimitiveType
{
    public bool? Value { get; set; }

    public override object? ObjectValue => Value;
    public override bool HasValue => Value.HasValue;

    internal override void ReadJsonValue(ref Utf8JsonReader reader, JsonParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: Value = true; break;
            case JsonTokenType.False: Value = false; break;
            case JsonTokenType.String when reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("false"u8):
                Value = reader.ValueTextEquals("true"u8);
                context.Report(FhirJsonError.WrongJsonType, "expected a JSON boolean, found a string", recoverable: true);
                break;
            default:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON boolean, found {JsonParseContext.Describe(reader.TokenType)}");
                reader.Skip();
                break;
        }
    }

    internal override void WriteJsonValue(Utf8JsonWriter writer) => writer.WriteBooleanValue(Value!.Value);
}

/// <summary>A primitive whose JSON form is a whole number (32-bit, as R4 defines integer).</summary>
public abstract class IntegerPrimitive : PrimitiveType
{
    public int? Value { get; set; }

    public override object? ObjectValue => Value;
    public override bool HasValue => Value.HasValue;

    internal override void ReadJsonValue(ref Utf8JsonReader reader, JsonParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var number)) Value = number;
                else context.Report(FhirJsonError.InvalidPrimitiveValue, $"'{JsonParseContext.RawText(ref reader)}' is not a 32-bit integer");
                break;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
                {
                    Value = number;
                    context.Report(FhirJsonError.WrongJsonType, "expected a JSON number, found a string", recoverable: true);
                }
                else context.Report(FhirJsonError.WrongJsonType, $"expected a JSON number, found the string '{text}'");
                break;
            default:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON number, found {JsonParseContext.Describe(reader.TokenType)}");
                reader.Skip();
                break;
        }
    }

    internal override void WriteJsonValue(Utf8JsonWriter writer) => writer.WriteNumberValue(Value!.Value);
}

/// <summary>
/// A decimal primitive. FHIR decimals carry their precision in their text (<c>1.00</c> is not <c>1</c>),
/// and may exceed <see cref="decimal"/>'s range (<c>1.000000000000000000E-245</c>), so the source text
/// is what is kept and written back; <see cref="Value"/> is a view of it.
/// </summary>
public abstract class DecimalPrimitive : PrimitiveType
{
    private static readonly System.Buffers.SearchValues<char> s_exponent = System.Buffers.SearchValues.Create("eE");

    /// <summary>The value exactly as written in the source, e.g. <c>1.50</c> or <c>1E-245</c>.</summary>
    public string? Text { get; set; }

    /// <summary>The value as a <see cref="decimal"/>; null when absent or outside decimal's range.</summary>
    public decimal? Value
    {
        // decimal.TryParse rounds a number too small for decimal (1E-245) to 0: that is underflow, not the value.
        get => Text is not null && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && (d != 0 || !HasNonZeroSignificand(Text)) ? d : null;
        set => Text = value?.ToString(CultureInfo.InvariantCulture);
    }

    public override object? ObjectValue => Value;
    public override bool HasValue => Text is not null;

    /// <summary>True when the text uses exponent notation, which some consumers must preserve.</summary>
    public bool HasExponent => Text is not null && Text.AsSpan().ContainsAny(s_exponent);

    internal override void ReadJsonValue(ref Utf8JsonReader reader, JsonParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                Text = JsonParseContext.RawText(ref reader);
                break;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (IsJsonNumber(text))
                {
                    Text = text;
                    context.Report(FhirJsonError.WrongJsonType, "expected a JSON number, found a string", recoverable: true);
                }
                else context.Report(FhirJsonError.WrongJsonType, $"expected a JSON number, found the string '{text}'");
                break;
            default:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON number, found {JsonParseContext.Describe(reader.TokenType)}");
                reader.Skip();
                break;
        }
    }

    internal override void WriteJsonValue(Utf8JsonWriter writer) => writer.WriteRawValue(Text!, skipInputValidation: true);

    public override string ToString() => Text ?? string.Empty;

    /// <summary>Whether a digit other than 0 appears before the exponent, i.e. the number is not zero.</summary>
    private static bool HasNonZeroSignificand(string text)
    {
        var end = text.AsSpan().IndexOfAny(s_exponent);
        return (end < 0 ? text.AsSpan() : text.AsSpan(0, end)).IndexOfAnyInRange('1', '9') >= 0;
    }

    /// <summary>Whether the text is a number in the JSON grammar, as FHIR's decimal regex requires.</summary>
    internal static bool IsJsonNumber(string text)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text));
        try { return reader.Read() && reader.TokenType == JsonTokenType.Number && !reader.Read(); }
        catch (JsonException) { return false; }
    }
}
