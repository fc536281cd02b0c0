using BenchmarkDotNet.Attributes;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// Compiling a parsed record into the longitudinal context (and rendering it): the largest shared patient
/// (about 1,200 resources; goal under 20 ms) and a generated 5,000-resource patient (goal under 100 ms).
/// Run with <c>--filter '*CompileBenchmarks*' --inProcess</c>: building the whole app as a separate benchmark
/// project can exceed BenchmarkDotNet's two-minute build timeout on a small machine. Parsing is measured elsewhere.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ContextCompiler _compiler = new();
    private List<Resource> _largestShared = [];
    private List<Resource> _generated = [];
    private LongitudinalContext _generatedContext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _largestShared = LargestSharedPatient();
        _generated = GeneratedPatient(5_000);
        _generatedContext = _compiler.Compile(_generated, asOf: AsOf);
        Console.WriteLine($"// shared patient: {_largestShared.Count} resources; generated patient: {_generated.Count} resources");
    }

    [Benchmark]
    public LongitudinalContext Compile_largest_shared_patient() => _compiler.Compile(_largestShared, asOf: AsOf);

    [Benchmark]
    public LongitudinalContext Compile_generated_5000_resource_patient() => _compiler.Compile(_generated, asOf: AsOf);

    [Benchmark]
    public ContextRendering Render_generated_5000_resource_patient() => ContextRenderer.Render(_generatedContext);

    /// <summary>The shared bundle with the most resources, or a generated 1,200-resource patient when ../shared is absent.</summary>
    public static List<Resource> LargestSharedPatient()
    {
        if (!Directory.Exists(Corpus.PatientsFolder)) return GeneratedPatient(1_200);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        List<Resource> largest = [];
        foreach (var file in Directory.GetFiles(Corpus.PatientsFolder, "*.json"))
            if (parser.Parse(File.ReadAllBytes(file)).Value is Bundle bundle && bundle.Entry.Count > largest.Count)
                largest = [.. ContextCompiler.ResourcesOf(bundle)];
        return largest;
    }

    /// <summary>
    /// One patient's long history of <paramref name="count"/> resources: the synthetic cohort's clinical resources
    /// (decades of visits, labs and vitals across archetypes) gathered under the first patient.
    /// </summary>
    public static List<Resource> GeneratedPatient(int count)
    {
        var resources = new List<Resource>(count);
        var patients = 0;
        for (var batch = 0; resources.Count < count; batch++)
            foreach (var bundle in SyntheticCohort.GenerateMany(24, seed: 7 + batch))
                foreach (var resource in ContextCompiler.ResourcesOf(bundle))
                {
                    if (resources.Count >= count) break;
                    if (resource is Patient && patients++ > 0) continue;
                    resources.Add(resource);
                }
        return resources;
    }
}
