using BenchmarkDotNet.Attributes;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// Validating the R4 examples corpus and the largest shared patient against base R4, each beside the typed parse
/// of the same bytes (the baseline): goal, validation within 5x of parsing.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ValidationBenchmarks
{
    private readonly FhirJsonParser _parser = new();
    private FhirValidator _validator = null!;
    private byte[][] _examples = [];
    private byte[] _patient = [];

    [GlobalSetup]
    public void Setup()
    {
        _examples = Corpus.LoadExamples();
        _patient = Corpus.LoadLargestPatient();
        _validator = ValidateTiming.CreateValidator();
        foreach (var e in _examples) _validator.Validate(e); // definitions, expansions and compiled invariants cached
    }

    [Benchmark(Baseline = true), BenchmarkCategory("examples")]
    public int Examples_Parse()
    {
        var n = 0;
        foreach (var e in _examples) n += _parser.Parse(e).Issues.Count;
        return n;
    }

    [Benchmark, BenchmarkCategory("examples")]
    public int Examples_Validate()
    {
        var n = 0;
        foreach (var e in _examples) n += _validator.Validate(e).Issues.Count;
        return n;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("patient")]
    public int Patient_Parse() => _parser.Parse(_patient).Issues.Count;

    [Benchmark, BenchmarkCategory("patient")]
    public int Patient_Validate() => _validator.Validate(_patient).Issues.Count;
}
