using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// Typed FHIR parse and write, each beside <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same bytes (the baseline): goal, typed parse within 3x of it.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JsonBenchmarks
{
    private readonly FhirJsonParser _parser = new();
    private byte[][] _examples = [];
    private Resource[] _parsedExamples = [];
    private byte[] _patient = [];
    private Resource _parsedPatient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _examples = Corpus.LoadExamples();
        _parsedExamples = [.. _examples.Select(e => _parser.Parse(e).Value!)];
        _patient = Corpus.LoadLargestPatient();
        _parsedPatient = _parser.Parse(_patient).Value!;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("examples")]
    public int Examples_JsonDocumentParse()
    {
        var n = 0;
        foreach (var e in _examples)
        {
            using var doc = JsonDocument.Parse(e);
            n += doc.RootElement.GetPropertyCount();
        }
        return n;
    }

    [Benchmark, BenchmarkCategory("examples")]
    public int Examples_TypedParse()
    {
        var n = 0;
        foreach (var e in _examples) n += _parser.Parse(e).Issues.Count;
        return n;
    }

    [Benchmark, BenchmarkCategory("examples")]
    public long Examples_TypedWrite()
    {
        long n = 0;
        foreach (var r in _parsedExamples) n += FhirJsonSerializer.SerializeToUtf8Bytes(r).Length;
        return n;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("patient")]
    public int Patient_JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_patient);
        return doc.RootElement.GetPropertyCount();
    }

    [Benchmark, BenchmarkCategory("patient")]
    public int Patient_TypedParse() => _parser.Parse(_patient).Issues.Count;

    [Benchmark, BenchmarkCategory("patient")]
    public int Patient_TypedWrite() => FhirJsonSerializer.SerializeToUtf8Bytes(_parsedPatient).Length;
}
