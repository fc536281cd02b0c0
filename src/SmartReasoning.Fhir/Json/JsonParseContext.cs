using System.Text;
using System.Text.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// The state of one parse: the options, the issues found so far, and the path to the current element,
/// kept as a stack of frames so that a location string is only built when an issue is reported.
/// </summary>
internal sealed class JsonParseContext(FhirJsonParserOptions options)
{
    private Frame[] _frames = new Frame[32];
    private int _depth;

    private record struct Frame(string Name, int Index);

    public FhirJsonParserOptions Options { get; } = options;

    /// <summary>The input being parsed, which string values may refer to instead of being decoded now.</summary>
    public ReadOnlyMemory<byte> Source { get; set; }

    /// <summary>
    /// The UTF-8 bytes of the current string token within <see cref="Source"/>, when it has no escapes
    /// (so the bytes are the value); null otherwise.
    /// </summary>
    public ReadOnlyMemory<byte>? RawString(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence || Source.IsEmpty
            ? null
            : Source.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);

    public bool IsLenient => Options.Mode == FhirJsonMode.Lenient;

    public List<FhirJsonIssue> Issues { get; } = [];

    /// <summary>How many path segments deep the parse is; 0 before the root resource.</summary>
    public int Depth => _depth;

    public void Push(string name)
    {
        if (_depth == _frames.Length) Array.Resize(ref _frames, _depth * 2);
        _frames[_depth++] = new Frame(name, -1);
    }

    public void SetIndex(int index) => _frames[_depth - 1].Index = index;

    public void Pop() => _depth--;

    public string Location
    {
        get
        {
            var sb = new StringBuilder();
            for (var i = 0; i < _depth; i++)
            {
                if (i > 0) sb.Append('.');
                sb.Append(_frames[i].Name);
                if (_frames[i].Index >= 0) sb.Append('[').Append(_frames[i].Index).Append(']');
            }
            return sb.ToString();
        }
    }

    /// <summary>
    /// Reports a problem at the current location. A <paramref name="recoverable"/> problem is one lenient mode
    /// accepts because no data is lost: a warning there, an error in strict mode.
    /// </summary>
    public void Report(FhirJsonError error, string message, bool recoverable = false) =>
        Issues.Add(new FhirJsonIssue(error, recoverable && IsLenient ? IssueSeverity.Warning : IssueSeverity.Error, Location, message));

    public void ReportFatal(FhirJsonError error, string message) =>
        Issues.Add(new FhirJsonIssue(error, IssueSeverity.Fatal, Location, message));

    /// <summary>The exact JSON text of the current number or literal token.</summary>
    public static string RawText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
    };

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
