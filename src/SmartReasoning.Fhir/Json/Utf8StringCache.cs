using System.Text;
using System.Text.Json;

namespace SmartReasoning.Fhir.Json;

/// <summary>
/// Reuses the strings of short, often-repeated JSON values (codes, code systems, units, references) instead of
/// transcoding and allocating each again: FHIR data repeats them endlessly, and fewer live strings means less
/// garbage collection while a large bundle is parsed. One small table per thread, overwritten on collision.
/// </summary>
internal static class Utf8StringCache
{
    private const int MaxLength = 64;
    private const int Size = 4096; // a power of two

    // Throws on invalid UTF-8, as Utf8JsonReader.GetString does, rather than silently replacing bytes.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic] private static Entry[]? t_entries;

    private struct Entry
    {
        public byte[]? Utf8;
        public string? Value;
    }

    /// <summary>The string value of the current JSON string token.</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength) return reader.GetString()!;
        var utf8 = reader.ValueSpan;
        var hash = 2166136261u;
        foreach (var b in utf8) hash = (hash ^ b) * 16777619u;
        ref var entry = ref (t_entries ??= new Entry[Size])[hash & (Size - 1)];
        if (entry.Utf8 is { } cached && utf8.SequenceEqual(cached)) return entry.Value!;
        var value = StrictUtf8.GetString(utf8);
        entry.Utf8 = utf8.ToArray();
        entry.Value = value;
        return value;
    }
}
