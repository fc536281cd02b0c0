using BenchmarkDotNet.Attributes;
using SmartReasoning.Compile;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;

namespace SmartReasoning.Benchmarks;

/// <summary>
/// The embedded guideline reasoner over an already compiled context (goal: under 5 ms on the largest): the largest
/// living shared patient (the largest of all has died, and the reasoner answers a deceased patient without running a
/// rule) and a generated 5,000-resource patient, patient-view. Compiling is measured in <see cref="CompileBenchmarks"/>.
/// Run with <c>--filter '*ReasonBenchmarks*' --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class ReasonBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ReasoningRequest _largestShared = null!;
    private ReasoningRequest _generated = null!;

    [GlobalSetup]
    public void Setup()
    {
        var compiler = new ContextCompiler();
        _largestShared = new ReasoningRequest(LargestLivingSharedContext(compiler), ReasoningTrigger.PatientView);
        _generated = new ReasoningRequest(compiler.Compile(CompileBenchmarks.GeneratedPatient(5_000), asOf: AsOf), ReasoningTrigger.PatientView);
        Console.WriteLine($"// findings: largest shared {GuidelineReasoner.Reason(_largestShared).Findings.Count}, generated {GuidelineReasoner.Reason(_generated).Findings.Count}");
    }

    /// <summary>The compiled context of the living shared patient with the most resources (a generated one without ../shared).</summary>
    private static LongitudinalContext LargestLivingSharedContext(ContextCompiler compiler)
    {
        if (!Directory.Exists(Corpus.PatientsFolder)) return compiler.Compile(CompileBenchmarks.GeneratedPatient(1_200), asOf: AsOf);
        var parser = new FhirJsonParser(FhirJsonParserOptions.Lenient);
        return Directory.GetFiles(Corpus.PatientsFolder, "*.json")
            .Select(file => parser.Parse(File.ReadAllBytes(file)).Value)
            .OfType<Bundle>()
            .Select(bundle => ContextCompiler.ResourcesOf(bundle).ToList())
            .OrderByDescending(resources => resources.Count)
            .Select(resources => compiler.Compile(resources, asOf: AsOf))
            .First(context => context.Demographics is not { Deceased: true });
    }

    [Benchmark]
    public ReasoningResult Reason_largest_living_shared_patient() => GuidelineReasoner.Reason(_largestShared);

    [Benchmark]
    public ReasoningResult Reason_generated_5000_resource_patient() => GuidelineReasoner.Reason(_generated);
}
