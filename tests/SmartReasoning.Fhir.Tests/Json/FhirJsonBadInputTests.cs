using System.Text;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.Fhir.Tests.Json.FhirJsonTestKit;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Fhir.Tests.Json;

/// <summary>Input that is not FHIR JSON at all never crashes or hangs the parser: it gives a fatal issue and no value.</summary>
public class FhirJsonBadInputTests
{
    private const string ValidPatient = """
        {"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"Chalmers","given":["Peter",null],"_given":[null,{"id":"g"}]}],
         "birthDate":"1974-12-25","deceasedBoolean":false,"contained":[{"resourceType":"Organization","name":"O"}],
         "extension":[{"url":"http://example.org/x","valueDecimal":1.50}]}
        """;

    [Fact]
    public void The_fixture_used_below_is_valid()
    {
        AssertLosslessRoundTrip<Patient>(ValidPatient);
    }

    [Fact]
    public void Every_truncation_of_a_valid_resource_is_fatal_malformed_JSON()
    {
        var bytes = Encoding.UTF8.GetBytes(ValidPatient.Trim());
        foreach (var parser in new[] { Strict, Lenient })
            for (var length = 0; length < bytes.Length; length++)
            {
                var result = parser.Parse(bytes.AsSpan(0, length));
                Assert.True(result.Value is null, $"A value was returned for the first {length} bytes");
                var fatal = Assert.Single(result.Issues, i => i.Severity == IssueSeverity.Fatal);
                Assert.Equal("JSON100", fatal.Code);
            }
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","active":true,}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"x"},]}""")]
    [InlineData("""{'resourceType':'Patient'}""")]
    [InlineData("""{"resourceType":'Patient'}""")]
    [InlineData("""{"resourceType":"Patient" /* a comment */}""")]
    [InlineData("{\"resourceType\":\"Patient\", // a comment\n\"active\":true}")]
    [InlineData("""{resourceType:"Patient"}""")]
    [InlineData("""{"resourceType":"Patient","active":True}""")]
    [InlineData("""{"resourceType":"Patient","multipleBirthInteger":01}""")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":"x","valueDecimal":NaN}]}""")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":"x","valueDecimal":.5}]}""")]
    [InlineData("""{"resourceType":"Patient","extension":[{"url":"x","valueDecimal":+1}]}""")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"line\nbreak\"}]}")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"tab\there\"}]}")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"bad \x escape"}]}""")]
    [InlineData("""{"resourceType":"Patient","active":true""")]
    [InlineData("""{"resourceType":"Patient","active":true}}""")]
    [InlineData("""{"resourceType":"Patient","active":true]""")]
    [InlineData("""{"resourceType":"Patient","active" true}""")]
    [InlineData("""{"resourceType":"Patient" "active":true}""")]
    public void Malformed_JSON_is_fatal_in_both_modes(string json)
    {
        AssertFatal(Strict.Parse(json), FhirJsonError.InvalidJson);
        AssertFatal(Lenient.Parse(json), FhirJsonError.InvalidJson);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    [InlineData("\uFEFF")]
    public void Empty_input_is_fatal(string json)
    {
        AssertFatal(Strict.Parse(json), FhirJsonError.InvalidJson);
    }

    [Theory]
    [InlineData("""[{"resourceType":"Patient"}]""")]
    [InlineData("""[]""")]
    [InlineData("\"Patient\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void Root_that_is_not_a_JSON_object_is_fatal(string json)
    {
        var issue = AssertFatal(Strict.Parse(json), FhirJsonError.NotAnObject);
        Assert.Equal("", issue.Location);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient"} x""")]
    [InlineData("""{"resourceType":"Patient"}{"resourceType":"Patient"}""")]
    [InlineData("""{"resourceType":"Patient"},""")]
    [InlineData("""{"resourceType":"Patient"} null""")]
    [InlineData("""{"resourceType":"Patient"} // trailing comment""")]
    public void Trailing_content_after_the_resource_is_fatal(string json)
    {
        AssertFatal(Strict.Parse(json), FhirJsonError.InvalidJson);
    }

    [Fact]
    public void Trailing_whitespace_after_the_resource_is_fine()
    {
        AssertNoIssues(Strict.Parse("{\"resourceType\":\"Patient\"} \r\n\t "));
    }

    /// <summary>A Patient with extensions nested <paramref name="levels"/> deep (two JSON levels each).</summary>
    private static string NestedExtensions(int levels)
    {
        var sb = new StringBuilder("""{"resourceType":"Patient","extension":[""");
        for (var i = 0; i < levels; i++) sb.Append("""{"url":"http://example.org/x","extension":[""");
        sb.Append("""{"url":"http://example.org/x","valueString":"bottom"}""");
        for (var i = 0; i < levels; i++) sb.Append("]}");
        sb.Append("]}");
        return sb.ToString();
    }

    [Fact]
    public void Extensions_nested_ten_thousand_levels_deep_are_reported_without_a_stack_overflow()
    {
        var json = NestedExtensions(10_000);

        foreach (var parser in new[] { Strict, Lenient })
        {
            var issue = AssertFatal(parser.Parse(json), FhirJsonError.NestingTooDeep);
            Assert.Contains("128", issue.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Nesting_deeper_than_the_thread_stack_allows_is_reported_even_when_MaxDepth_is_raised()
    {
        var json = NestedExtensions(10_000);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxDepth = 1_000_000 });
        FhirParseResult<Resource>? result = null;
        Exception? thrown = null;

        // A small, fixed stack, so that the outcome does not depend on the test runner's threads.
        var thread = new Thread(() =>
        {
            try { result = parser.Parse(json); }
            catch (Exception ex) { thrown = ex; }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(thrown);
        AssertFatal(result!, FhirJsonError.NestingTooDeep);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deep_arrays_in_an_unknown_property_are_reported_in_lenient_mode_without_a_stack_overflow(bool resourceTypeFirst)
    {
        const int levels = 10_000;
        var deep = new string('[', levels) + new string(']', levels);
        var json = resourceTypeFirst
            ? $$"""{"resourceType":"Patient","junk":{{deep}}}"""
            : $$"""{"junk":{{deep}},"resourceType":"Patient"}""";

        AssertFatal(Lenient.Parse(json), FhirJsonError.NestingTooDeep);
        AssertFatal(Strict.Parse(json), FhirJsonError.NestingTooDeep);
    }

    [Fact]
    public void Deeply_nested_objects_in_a_datatype_element_are_reported()
    {
        const int levels = 10_000;
        var json = """{"resourceType":"Patient","maritalStatus":""" + string.Concat(Enumerable.Repeat("""{"a":""", levels)) + "1" + new string('}', levels) + "}";

        AssertFatal(Lenient.Parse(json), FhirJsonError.NestingTooDeep);
    }

    [Fact]
    public void Deeply_nested_contained_resources_are_reported()
    {
        const int levels = 5_000;
        var json = string.Concat(Enumerable.Repeat("""{"resourceType":"Patient","contained":[""", levels)) + """{"resourceType":"Patient"}""" +
                   string.Concat(Enumerable.Repeat("]}", levels));

        AssertFatal(Strict.Parse(json), FhirJsonError.NestingTooDeep);
    }

    [Fact]
    public void MaxDepth_option_sets_where_nesting_becomes_too_deep()
    {
        // Depth: the resource (1), extension arrays and extension objects (2 per level).
        static string Nested(int levels) =>
            """{"resourceType":"Patient","extension":[""" +
            string.Concat(Enumerable.Repeat("""{"url":"u","extension":[""", levels - 1)) + """{"url":"u","valueBoolean":true}""" +
            string.Concat(Enumerable.Repeat("]}", levels - 1)) + "]}";
        var parser = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxDepth = 10 });

        AssertNoIssues(parser.Parse(Nested(4))); // 1 + 4 * 2 = 9 levels
        var issue = AssertFatal(parser.Parse(Nested(5)), FhirJsonError.NestingTooDeep); // 11 levels
        Assert.Contains("10", issue.Message, StringComparison.Ordinal);
        AssertNoIssues(Strict.Parse(Nested(50))); // the default of 128 takes realistic nesting
    }

    [Fact]
    public void Input_larger_than_the_default_limit_is_refused_before_it_is_read()
    {
        var limit = FhirJsonParserOptions.Strict.MaxInputBytes;
        var bytes = new byte[limit + 1];
        "{\"resourceType\":\"Patient\"}"u8.CopyTo(bytes);
        bytes.AsSpan(26).Fill((byte)' ');

        var issue = AssertFatal(Strict.Parse(bytes), FhirJsonError.InputTooLarge);
        Assert.Equal(64L * 1024 * 1024, limit);
        Assert.Contains("67,108,865", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxInputBytes_option_applies_to_a_normal_resource_through_every_entry_point()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"resourceType":"Patient","active":true}""");
        var exact = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxInputBytes = bytes.Length });
        var tooSmall = new FhirJsonParser(FhirJsonParserOptions.Lenient with { MaxInputBytes = bytes.Length - 1 });

        AssertNoIssues(exact.Parse(bytes));
        AssertFatal(tooSmall.Parse(bytes), FhirJsonError.InputTooLarge);
        AssertFatal(tooSmall.Parse<Patient>(bytes), FhirJsonError.InputTooLarge);
        AssertFatal(tooSmall.Parse(Encoding.UTF8.GetString(bytes)), FhirJsonError.InputTooLarge);
        AssertFatal(tooSmall.ParseElement("""{"family":"a family name long enough to exceed the limit"}"""u8, HumanName.TypeMetadata), FhirJsonError.InputTooLarge);
    }

    [Fact]
    public async Task MaxInputBytes_option_applies_to_streams()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"resourceType":"Patient","active":true}""");
        var exact = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxInputBytes = bytes.Length });
        var tooSmall = new FhirJsonParser(FhirJsonParserOptions.Strict with { MaxInputBytes = bytes.Length - 1 });

        using (var stream = new MemoryStream(bytes))
            AssertNoIssues(await exact.ParseAsync(stream, TestContext.Current.CancellationToken));
        using (var stream = new MemoryStream(bytes))
            AssertFatal(await tooSmall.ParseAsync(stream, TestContext.Current.CancellationToken), FhirJsonError.InputTooLarge);
    }

    [Fact]
    public async Task Stream_of_200_MB_is_refused_soon_after_the_limit_without_reading_it_all()
    {
        const long size = 200L * 1024 * 1024;
        var limit = FhirJsonParserOptions.Strict.MaxInputBytes;
        using var stream = new LazyJsonStream(size);

        var result = await Strict.ParseAsync(stream, TestContext.Current.CancellationToken);

        AssertFatal(result, FhirJsonError.InputTooLarge);
        Assert.True(stream.BytesServed > limit, $"Only {stream.BytesServed} bytes were read");
        Assert.True(stream.BytesServed <= limit + 64 * 1024,
            $"The parser read {stream.BytesServed:N0} bytes of a stream it should refuse once past {limit:N0}");
    }

    [Fact]
    public async Task Stream_with_a_small_limit_stops_reading_right_after_it()
    {
        using var stream = new LazyJsonStream(10L * 1024 * 1024);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient with { MaxInputBytes = 1000 });

        AssertFatal(await parser.ParseAsync(stream, TestContext.Current.CancellationToken), FhirJsonError.InputTooLarge);
        Assert.InRange(stream.BytesServed, 1001, 1000 + 64 * 1024);
    }

    [Fact]
    public async Task Stream_read_in_small_chunks_parses_like_the_bytes()
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(ValidPatient), chunk: 7);

        var result = await Strict.ParseAsync(stream, TestContext.Current.CancellationToken);

        AssertNoIssues(result);
        AssertSameJson(ValidPatient, FhirJsonSerializer.SerializeToString(result.Value!));
    }

    public static TheoryData<byte[]> InvalidUtf8 => new()
    {
        // Bytes that are not UTF-8 (FF FE), an overlong '/' (C0 AF), a lone continuation byte (80), a truncated
        // sequence (E2 82), an encoded surrogate (ED A0 80), in values, property names and unknown properties.
        WithBytes("""{"resourceType":"Patient","name":[{"family":"#"}]}""", 0xFF, 0xFE),
        WithBytes("""{"resourceType":"Patient","name":[{"family":"#"}]}""", 0xC0, 0xAF),
        WithBytes("""{"resourceType":"Patient","id":"#"}""", 0x80),
        WithBytes("""{"resourceType":"Patient","birthDate":"19#70"}""", 0xE2, 0x82),
        WithBytes("""{"resourceType":"Patient","text":{"status":"generated","div":"<div>#</div>"}}""", 0xED, 0xA0, 0x80),
        WithBytes("""{"resourceType":"Patient","#":1}""", 0xFF),
        WithBytes("""{"resourceType":"Patient","act#ive":true}""", 0xC3),
        WithBytes("""{"resourceType":"Patient","junk":"#"}""", 0xFE),
        WithBytes("""{"resourceType":"Pat#ient"}""", 0xFF),
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_UTF8_is_fatal_in_both_modes(byte[] bytes)
    {
        AssertFatal(Strict.Parse(bytes), FhirJsonError.InvalidJson);
        AssertFatal(Lenient.Parse(bytes), FhirJsonError.InvalidJson);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"\ud800"}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"a\udc00b"}]}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"family":"\ud83e"}]}""")]
    [InlineData("""{"resourceType":"Patient","j\ud800unk":1}""")]
    public void Escaped_lone_surrogate_that_cannot_be_UTF8_is_fatal(string json)
    {
        AssertFatal(Strict.Parse(json), FhirJsonError.InvalidJson);
        AssertFatal(Lenient.Parse(json), FhirJsonError.InvalidJson);
    }

    [Fact]
    public void Random_corruption_of_a_valid_resource_never_throws()
    {
        var original = Encoding.UTF8.GetBytes(ValidPatient);
        var random = new Random(20240601);
        byte[] alphabet = [.. "{}[]\":,\\-+.0123456789eEtrufalsn _xyz\u00e9"u8, 0x00, 0x80, 0xC3, 0xFF];
        for (var round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
                bytes[random.Next(bytes.Length)] = alphabet[random.Next(alphabet.Length)];
            var json = Encoding.UTF8.GetString(bytes);
            foreach (var parser in new[] { Strict, Lenient })
            {
                var result = parser.Parse(bytes);
                if (result.Value is null)
                    Assert.True(result.Issues.Any(i => i.Severity <= IssueSeverity.Error), $"No value and no error for: {json}");
                else
                    _ = FhirJsonSerializer.SerializeToUtf8Bytes(result.Value); // whatever was read can be written
                Assert.All(result.Issues, i => Assert.Matches("^JSON1[0-3][0-9]$", i.Code));
            }
        }
    }

    /// <summary>The UTF-8 of <paramref name="template"/> with its '#' replaced by <paramref name="bytes"/>.</summary>
    private static byte[] WithBytes(string template, params byte[] bytes)
    {
        var at = template.IndexOf('#', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bytes, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }

    /// <summary>A stream of a JSON object followed by spaces, produced as it is read: never held in memory.</summary>
    private sealed class LazyJsonStream(long length) : Stream
    {
        private static readonly byte[] Head = """{"resourceType":"Patient","active":true}"""u8.ToArray();

        public long BytesServed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => BytesServed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - BytesServed);
            for (var i = 0; i < count; i++)
            {
                var position = BytesServed + i;
                buffer[i] = position < Head.Length ? Head[position] : (byte)' ';
            }
            BytesServed += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream that returns at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
