namespace SmartReasoning.Fhir.Json;

public enum FhirJsonMode
{
    /// <summary>Rejects what the R4 JSON rules forbid: unknown elements, wrong JSON types, bad choice suffixes...</summary>
    Strict,
    /// <summary>Keeps going where no data is lost (keeping unknown properties verbatim), and says so in warnings.</summary>
    Lenient,
}

public sealed record FhirJsonParserOptions
{
    public FhirJsonMode Mode { get; init; } = FhirJsonMode.Strict;

    /// <summary>The deepest JSON nesting accepted; deeper input is reported, never a stack overflow.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>The largest input accepted, in bytes (64 MiB by default: the largest R4 example is 35 MB).</summary>
    public long MaxInputBytes { get; init; } = 64L * 1024 * 1024;

    public static FhirJsonParserOptions Strict { get; } = new();

    public static FhirJsonParserOptions Lenient { get; } = new() { Mode = FhirJsonMode.Lenient };
}
