using System.Buffers;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// Reads FHIR R4 JSON into the model on <see cref="Utf8JsonReader"/>, driven by the generated metadata.
/// Problems are collected with a code, severity and location, never thrown; malformed, oversized or
/// too-deeply nested input gives a fatal issue and no value.
/// </summary>
public sealed class FhirJsonParser(FhirJsonParserOptions? options = null)
{
    private const int MaxStackName = 128;

    public FhirJsonParserOptions Options { get; } = options ?? FhirJsonParserOptions.Strict;

    // The parsed model refers to the input for string values it has not decoded yet (see TextPrimitive), so the
    // overloads taking memory or an array keep it, and those taking a span or a string parse a private copy.

    /// <summary>
    /// Parses a resource of any type. The result refers to <paramref name="utf8Json"/>: do not change the buffer,
    /// or return it to a pool, while the result is in use.
    /// </summary>
    public FhirParseResult<Resource> Parse(ReadOnlyMemory<byte> utf8Json) => Parse<Resource>(utf8Json);

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte})"/>
    public FhirParseResult<Resource> Parse(byte[] utf8Json) => Parse<Resource>(utf8Json.AsMemory());

    /// <summary>Parses a resource of any type from a copy of the bytes.</summary>
    public FhirParseResult<Resource> Parse(ReadOnlySpan<byte> utf8Json) => Parse<Resource>(utf8Json);

    public FhirParseResult<Resource> Parse(string json) => Parse<Resource>(Encoding.UTF8.GetBytes(json).AsMemory());

    /// <summary>Parses a resource from a stream, reading at most <see cref="FhirJsonParserOptions.MaxInputBytes"/>.</summary>
    public async Task<FhirParseResult<Resource>> ParseAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var limit = Options.MaxInputBytes;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            // Read at most one byte past the limit (enough to know the input is too large), however much room
            // the buffer offers: it may offer megabytes once it has grown.
            var room = limit - buffer.WrittenCount;
            if (room < memory.Length) memory = memory[..((int)room + 1)];
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) return TooLarge<Resource>(buffer.WrittenCount, atLeast: true);
        }
        return Parse<Resource>(buffer.WrittenMemory); // the buffer is ours alone, so no copy
    }

    /// <summary>Parses a resource that must be of type <typeparamref name="T"/> (or a subtype), from a copy of the bytes.</summary>
    public FhirParseResult<T> Parse<T>(ReadOnlySpan<byte> utf8Json) where T : Resource =>
        utf8Json.Length > Options.MaxInputBytes ? TooLarge<T>(utf8Json.Length, atLeast: false) : Parse<T>(utf8Json.ToArray().AsMemory());

    /// <summary>Parses a resource that must be of type <typeparamref name="T"/> (or a subtype); keeps a reference to the buffer.</summary>
    public FhirParseResult<T> Parse<T>(ReadOnlyMemory<byte> utf8Json) where T : Resource
    {
        if (utf8Json.Length > Options.MaxInputBytes) return TooLarge<T>(utf8Json.Length, atLeast: false);
        var context = new JsonParseContext(Options);
        var value = ParseRoot(utf8Json, context, static (ref Utf8JsonReader r, JsonParseContext c) => ReadResource(ref r, c));
        if (value is not null and not T)
        {
            context.ReportFatal(FhirJsonError.ResourceTypeUnexpected, $"expected a {typeof(T).Name}, found a {value.TypeInfo.Name}");
            value = null;
        }
        return new FhirParseResult<T>((T?)value, context.Issues);
    }

    /// <summary>Parses a datatype or backbone element (a JSON object without resourceType) of the given type, from a copy of the bytes.</summary>
    public FhirParseResult<Base> ParseElement(ReadOnlySpan<byte> utf8Json, FhirTypeInfo type) =>
        utf8Json.Length > Options.MaxInputBytes ? TooLarge<Base>(utf8Json.Length, atLeast: false) : ParseElement(utf8Json.ToArray().AsMemory(), type);

    /// <summary>Parses a datatype or backbone element (a JSON object without resourceType) of the given type.</summary>
    public FhirParseResult<Base> ParseElement(ReadOnlyMemory<byte> utf8Json, FhirTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsResource)
        {
            var resource = Parse<Resource>(utf8Json);
            return new FhirParseResult<Base>(resource.Value, resource.Issues);
        }
        if (utf8Json.Length > Options.MaxInputBytes) return TooLarge<Base>(utf8Json.Length, atLeast: false);
        if (type.Create is null) throw new ArgumentException($"{type.Name} is abstract", nameof(type));
        var context = new JsonParseContext(Options);
        var value = ParseRoot(utf8Json, context, (ref Utf8JsonReader r, JsonParseContext c) =>
        {
            var instance = type.Create();
            c.Push(type.Name);
            ReadObject(ref r, instance, type, c);
            c.Pop();
            return instance;
        });
        return new FhirParseResult<Base>(value, context.Issues);
    }

    private delegate Base? RootReader(ref Utf8JsonReader reader, JsonParseContext context);

    private Base? ParseRoot(ReadOnlyMemory<byte> source, JsonParseContext context, RootReader read)
    {
        // The UTF-8 byte order mark EF BB BF. (Not "\xEF\xBB\xBF"u8: that is three Latin-1 characters, six bytes in UTF-8.)
        if (source.Span.StartsWith("\uFEFF"u8)) source = source[3..];
        context.Source = source;
        var utf8Json = source.Span;
        if (!Utf8.IsValid(utf8Json))
        {
            // Utf8JsonReader does not check the bytes of strings it skips, and throws when asked to decode bad ones.
            context.ReportFatal(FhirJsonError.InvalidJson, $"the input is not valid UTF-8 (at byte {FirstInvalidUtf8(utf8Json)})");
            return null;
        }
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            MaxDepth = Options.MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        try
        {
            if (!reader.Read())
            {
                context.ReportFatal(FhirJsonError.InvalidJson, "the input is empty");
                return null;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                context.ReportFatal(FhirJsonError.NotAnObject, $"found {JsonParseContext.Describe(reader.TokenType)} instead of a JSON object");
                return null;
            }
            var value = read(ref reader, context);
            if (reader.Read()) // the reader throws on anything but whitespace after the root value
                context.ReportFatal(FhirJsonError.InvalidJson, "unexpected content after the resource");
            return value;
        }
        catch (JsonException ex)
        {
            var deep = reader.CurrentDepth >= Options.MaxDepth - 1 || ex.Message.Contains("maximum configured depth", StringComparison.Ordinal);
            context.ReportFatal(deep ? FhirJsonError.NestingTooDeep : FhirJsonError.InvalidJson,
                deep
                    ? $"the JSON is nested more than {Options.MaxDepth} levels deep (line {ex.LineNumber + 1})"
                    : $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}");
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            context.ReportFatal(FhirJsonError.NestingTooDeep, $"the JSON is nested {reader.CurrentDepth} levels deep, more than the stack of this thread allows");
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // Thrown by the reader when a string holds an escaped lone surrogate ("\ud800"), which no UTF-8 text can carry.
            context.ReportFatal(FhirJsonError.InvalidJson, $"a string cannot be decoded: {ex.Message}");
            return null;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var index = 0;
        while (index < utf8.Length && Rune.DecodeFromUtf8(utf8[index..], out _, out var consumed) == OperationStatus.Done) index += consumed;
        return index;
    }

    private FhirParseResult<T> TooLarge<T>(long size, bool atLeast) where T : Base
    {
        var context = new JsonParseContext(Options);
        context.ReportFatal(FhirJsonError.InputTooLarge,
            $"the input is {(atLeast ? "more than " : "")}{size:N0} bytes; at most {Options.MaxInputBytes:N0} are accepted");
        return new FhirParseResult<T>(null, context.Issues);
    }

    private static string FirstSentence(string message) =>
        message.IndexOf(" LineNumber", StringComparison.Ordinal) is var i and > 0 ? message[..i].TrimEnd('.', ' ') : message;

    /// <summary>Reads a resource of whatever type its <c>resourceType</c> names; the reader is on its StartObject.</summary>
    internal static Resource? ReadResource(ref Utf8JsonReader reader, JsonParseContext context)
    {
        var type = FindResourceType(reader, context);
        if (type is null)
        {
            reader.Skip();
            return null;
        }
        var resource = (Resource)type.Create!();
        var root = context.Depth == 0;
        if (root) context.Push(type.Name);
        ReadObject(ref reader, resource, type, context);
        if (root) context.Pop();
        return resource;
    }

    /// <summary>Looks ahead (on a copy of the reader) for resourceType, which JSON allows anywhere in the object.</summary>
    private static FhirTypeInfo? FindResourceType(Utf8JsonReader probe, JsonParseContext context)
    {
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (!probe.ValueTextEquals("resourceType"u8))
            {
                probe.Read();
                probe.Skip();
                continue;
            }
            probe.Read();
            if (probe.TokenType != JsonTokenType.String)
            {
                context.Report(FhirJsonError.ResourceTypeInvalid, $"resourceType is {JsonParseContext.Describe(probe.TokenType)}");
                return null;
            }
            var name = probe.GetString()!;
            if (ModelInfo.FindType(name) is { IsResource: true, IsAbstract: false } type) return type;
            context.Report(FhirJsonError.ResourceTypeUnknown, $"'{name}' is not an R4 resource type");
            return null;
        }
        context.Report(FhirJsonError.ResourceTypeMissing, "a resource must name its type in resourceType");
        return null;
    }

    /// <summary>Reads the properties of a JSON object into <paramref name="target"/>; the reader is on its StartObject.</summary>
    private static void ReadObject(ref Utf8JsonReader reader, Base target, FhirTypeInfo type, JsonParseContext context)
    {
        // The recursion point: MaxDepth bounds it, but MaxDepth may be set higher than the thread's stack allows.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var table = type.JsonProperties;
        var elements = type.Elements;
        // Which parts of each element were seen: 1 = the value, 2 = the _ companion.
        Span<byte> seen = elements.Count <= 256 ? stackalloc byte[elements.Count] : new byte[elements.Count];
        seen.Clear();
        var propertyCount = 0;
        var hasPrimitiveLists = false;
        var resourceTypeSeen = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            propertyCount++;
            var binding = FindProperty(ref reader, table, out var name);
            if (binding is null)
            {
                name ??= reader.GetString()!;
                reader.Read();
                if (name == "resourceType" && type.IsResource)
                {
                    // Read ahead of time by FindResourceType, which takes the first; a second one is a duplicate.
                    if (resourceTypeSeen)
                    {
                        context.Push(name);
                        context.Report(FhirJsonError.DuplicateProperty, "'resourceType' appears more than once; the first is kept");
                        context.Pop();
                    }
                    resourceTypeSeen = true;
                    reader.Skip();
                }
                else ReadUnknown(ref reader, target, type, name, context);
                continue;
            }

            context.Push(binding.JsonName);
            reader.Read();
            var element = binding.Element;
            var part = (byte)(binding.IsCompanion ? 2 : 1);
            if ((seen[binding.ElementIndex] & part) != 0 && IsRepeat(target, binding))
            {
                context.Report(FhirJsonError.DuplicateProperty, $"'{(binding.IsCompanion ? "_" : "")}{binding.JsonName}' appears more than once; the first is kept");
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                context.Report(FhirJsonError.NullNotAllowed, $"'{binding.JsonName}' is null", recoverable: true);
            }
            else if (element.IsList)
            {
                var otherPartSeen = (seen[binding.ElementIndex] & (3 - part)) != 0;
                ReadList(ref reader, target, binding, otherPartSeen, context);
                hasPrimitiveLists |= binding.Type.IsPrimitive;
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                context.Report(FhirJsonError.ArrayNotExpected, $"'{binding.JsonName}' repeats at most once, but is an array");
                reader.Skip();
            }
            else if (element.IsSystemString)
            {
                element.Set(target, ReadSystemString(ref reader, context));
            }
            else
            {
                var current = element.Get(target) as Base;
                if (element.IsChoice && current is not null && !ReferenceEquals(current.TypeInfo, binding.Type))
                {
                    context.Report(FhirJsonError.ChoiceTypeConflict, $"'{element.Name}[x]' already has a {current.TypeInfo.Name}; '{binding.JsonName}' is ignored");
                    reader.Skip();
                }
                else if (ReadValue(ref reader, ReferenceEquals(current?.TypeInfo, binding.Type) ? current : null, binding, context) is { } value)
                {
                    element.Set(target, value);
                }
            }
            seen[binding.ElementIndex] |= part;
            context.Pop();
        }

        if (propertyCount == 0) context.Report(FhirJsonError.EmptyValue, "an empty object carries no data", recoverable: true);
        if (hasPrimitiveLists) RemoveEmptyPrimitives(target, elements, seen, context);
    }

    /// <summary>
    /// Whether a second sighting of an element part is a real duplicate: a choice element seen under
    /// another type's name is a conflict, reported when its value is read.
    /// </summary>
    private static bool IsRepeat(Base target, JsonPropertyBinding binding) =>
        !binding.Element.IsChoice || binding.Element.Get(target) is not Base current || ReferenceEquals(current.TypeInfo, binding.Type);

    private static JsonPropertyBinding? FindProperty(ref Utf8JsonReader reader, JsonPropertyTable table, out string? name)
    {
        name = null;
        var span = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (reader.ValueIsEscaped || span.Length > MaxStackName)
        {
            name = reader.GetString()!;
            return table.Find(name);
        }
        Span<char> chars = stackalloc char[MaxStackName];
        var count = Encoding.UTF8.GetChars(span, chars);
        return table.Find(chars[..count]);
    }

    private static void ReadList(ref Utf8JsonReader reader, Base target, JsonPropertyBinding binding, bool otherPartSeen, JsonParseContext context)
    {
        var element = binding.Element;
        var list = (IList?)element.Get(target);
        if (list is null)
        {
            list = element.NewList!();
            element.Set(target, list);
        }
        var countBefore = list.Count;

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.Report(FhirJsonError.ArrayExpected, $"'{binding.JsonName}' repeats, so it must be an array", recoverable: true);
            context.SetIndex(0);
            ReadListItem(ref reader, list, 0, binding, context);
            return;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.SetIndex(index);
            ReadListItem(ref reader, list, index, binding, context);
            index++;
        }
        if (index == 0) context.Report(FhirJsonError.EmptyValue, $"'{binding.JsonName}' is an empty array", recoverable: true);
        if (otherPartSeen && index != countBefore)
        {
            context.SetIndex(-1);
            context.Report(FhirJsonError.ArrayLengthMismatch, $"'{binding.JsonName}' has {countBefore} items but '_{binding.JsonName}' has {index}, or the reverse");
        }
    }

    private static void ReadListItem(ref Utf8JsonReader reader, IList list, int index, JsonPropertyBinding binding, JsonParseContext context)
    {
        var existing = index < list.Count ? (Base?)list[index] : null;
        Base? value;
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!binding.Type.IsPrimitive)
            {
                context.Report(FhirJsonError.NullNotAllowed, "null is only allowed in arrays of primitives", recoverable: true);
                return;
            }
            // A placeholder keeping the two halves of a primitive array aligned; checked when the object ends.
            value = existing ?? Create(binding);
        }
        else value = ReadValue(ref reader, existing, binding, context);

        if (value is null) return;
        if (!binding.Type.IsPrimitive)
        {
            // Only primitive arrays are aligned with a _ companion; a complex item lost to an error leaves no
            // empty slot (which would be written back as {}, and cannot even be created for abstract Resource).
            list.Add(value);
            return;
        }
        while (list.Count < index) list.Add(Create(binding)); // primitive items lost to errors keep their slots
        if (index < list.Count) list[index] = value;
        else list.Add(value);
    }

    /// <summary>Reads one value of an element (not a list); returns the object to store, or null on error.</summary>
    private static Base? ReadValue(ref Utf8JsonReader reader, Base? existing, JsonPropertyBinding binding, JsonParseContext context)
    {
        var type = binding.Type;
        var token = reader.TokenType;
        if (type.IsPrimitive)
        {
            var primitive = (PrimitiveType)(existing ?? Create(binding));
            if (binding.IsCompanion)
            {
                if (token != JsonTokenType.StartObject)
                {
                    context.Report(FhirJsonError.WrongJsonType, $"'_{binding.JsonName}' must be an object with id or extension, found {JsonParseContext.Describe(token)}");
                    reader.Skip();
                    return existing;
                }
                ReadObject(ref reader, primitive, type, context);
            }
            else if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                context.Report(FhirJsonError.WrongJsonType, $"expected a {type.Name} value, found {JsonParseContext.Describe(token)}");
                reader.Skip();
                return existing;
            }
            else
            {
                primitive.ReadJsonValue(ref reader, context);
                if (primitive is TextPrimitive && token == JsonTokenType.String && reader.ValueSpan.IsEmpty && !reader.HasValueSequence)
                    context.Report(FhirJsonError.EmptyValue, "a string must not be empty", recoverable: true);
            }
            return primitive;
        }

        if (token != JsonTokenType.StartObject)
        {
            context.Report(FhirJsonError.WrongJsonType, $"expected an object ({type.Name}), found {JsonParseContext.Describe(token)}");
            reader.Skip();
            return null;
        }
        if (type.IsResource) return ReadResource(ref reader, context);

        var instance = existing ?? Create(binding);
        ReadObject(ref reader, instance, type, context);
        return instance;
    }

    private static Base Create(JsonPropertyBinding binding) =>
        binding.Element.Create is { } create && !binding.Element.IsChoice ? create() : binding.Type.Create!();

    private static string? ReadSystemString(ref Utf8JsonReader reader, JsonParseContext context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0) context.Report(FhirJsonError.EmptyValue, "a string must not be empty", recoverable: true);
                return text;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON string, found {JsonParseContext.Describe(reader.TokenType)}", recoverable: true);
                return JsonParseContext.RawText(ref reader);
            default:
                context.Report(FhirJsonError.WrongJsonType, $"expected a JSON string, found {JsonParseContext.Describe(reader.TokenType)}");
                reader.Skip();
                return null;
        }
    }

    /// <summary>An unknown property: an error in strict mode; kept verbatim with a warning in lenient mode.</summary>
    private static void ReadUnknown(ref Utf8JsonReader reader, Base target, FhirTypeInfo type, string name, JsonParseContext context)
    {
        context.Push(name.TrimStart('_'));
        var choice = type.Elements.FirstOrDefault(e => e.IsChoice && name.TrimStart('_').StartsWith(e.Name, StringComparison.Ordinal));
        var (error, message) = choice is not null
            ? (FhirJsonError.ChoiceTypeInvalid,
               $"'{name}' is not a valid name for {type.Name}.{choice.Name}[x]; it takes {string.Join(", ", choice.TypeInfos.Select(t => choice.Name + FhirTypeInfo.Capitalize(t.Name)))}")
            : (FhirJsonError.UnknownElement, $"{type.Name} has no element '{name}'");

        if (context.IsLenient)
        {
            using var value = JsonDocument.ParseValue(ref reader);
            (target.UnknownProperties ??= []).Add(new UnknownProperty(name, value.RootElement.GetRawText()));
            context.Report(error, message + " (kept as is)", recoverable: true);
        }
        else
        {
            reader.Skip();
            context.Report(error, message);
        }
        context.Pop();
    }

    /// <summary>Drops primitive-array items that ended with neither a value nor an id or extension.</summary>
    private static void RemoveEmptyPrimitives(Base target, IReadOnlyList<ElementInfo> elements, ReadOnlySpan<byte> seen, JsonParseContext context)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            if (seen[i] == 0 || !elements[i].IsList || elements[i].Get(target) is not IList list) continue;
            for (var j = list.Count - 1; j >= 0; j--)
            {
                if (list[j] is PrimitiveType { HasValue: false, HasElementContent: false } && list[j] is not null)
                {
                    context.Push(elements[i].Name);
                    context.SetIndex(j);
                    context.Report(FhirJsonError.NullWithoutExtension, "the item is null in both the array and its _ companion");
                    context.Pop();
                    list.RemoveAt(j);
                }
            }
        }
    }
}
