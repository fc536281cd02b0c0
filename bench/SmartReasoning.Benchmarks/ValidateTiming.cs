using System.Diagnostics;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Benchmarks;

/// <summary>A quick wall-clock check of the validation goal (under 5x the typed parse) without BenchmarkDotNet: `validate-timing`.</summary>
internal static class ValidateTiming
{
    /// <summary>A validator over the core definitions; Synthea's own extensions are accepted (as the shared-patient test does).</summary>
    public static FhirValidator CreateValidator() =>
        new(ConformanceResources.Core(Corpus.ExamplesFolder),
            new ValidationOptions { AllowedExtensionDomains = ["http://synthetichealth.github.io/synthea/"] });

    public static void Run()
    {
        var clock = Stopwatch.StartNew();
        var validator = CreateValidator();
        var examples = Corpus.LoadExamples();
        var patient = Corpus.LoadLargestPatient();
        var errors = examples.Sum(e => validator.Validate(e).ErrorCount);
        Console.WriteLine($"first pass (definitions indexed and loaded, expansions and invariants cached): {clock.Elapsed.TotalSeconds:F1} s, {errors} errors in {examples.Length} examples");
        var parser = new FhirJsonParser();
        var structureOnly = new FhirValidator(ConformanceResources.Core(Corpus.ExamplesFolder),
            validator.Options with { CheckInvariants = false });
        foreach (var (name, inputs, runs) in new[] { ("examples corpus", examples, 3), ("largest shared patient", new[] { patient }, 10) })
        {
            var bytes = inputs.Sum(i => (long)i.Length);
            var parse = Measure(() => { foreach (var i in inputs) parser.Parse(i); }, runs);
            var validate = Measure(() => { foreach (var i in inputs) validator.Validate(i); }, runs);
            var structure = Measure(() => { foreach (var i in inputs) structureOnly.Validate(i); }, runs);
            Console.WriteLine($"{name}: {inputs.Length} files, {bytes / (1024.0 * 1024):F1} MiB; parse {parse:F0} ms, validate {validate:F0} ms ({validate / parse:F1}x parse; goal under 5x), "
                + $"of which without invariants (and their typed parse) {structure:F0} ms ({structure / parse:F1}x)");
        }
    }

    // The best of several runs, after a warm-up run: the machine is shared, and the best run is the least disturbed.
    private static double Measure(Action action, int runs)
    {
        action();
        var best = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
