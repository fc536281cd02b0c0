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
        foreach (var (name, inputs, runs) in new[] { ("examples corpus", examples, 3), ("largest shared patient", new[] { patient }, 15) })
        {
            var bytes = inputs.Sum(i => (long)i.Length);
            // Side by side: each round times the three one after the other, so a busy machine slows them alike.
            var (parse, validate, structure) = (double.MaxValue, double.MaxValue, double.MaxValue);
            for (var r = -1; r < runs; r++) // round -1 warms up
            {
                var p = Time(() => { foreach (var i in inputs) parser.Parse(i); });
                var v = Time(() => { foreach (var i in inputs) validator.Validate(i); });
                var s = Time(() => { foreach (var i in inputs) structureOnly.Validate(i); });
                if (r < 0) continue;
                (parse, validate, structure) = (Math.Min(parse, p), Math.Min(validate, v), Math.Min(structure, s));
            }
            Console.WriteLine($"{name}: {inputs.Length} files, {bytes / (1024.0 * 1024):F1} MiB; best of {runs} rounds: parse {parse:F0} ms, validate {validate:F0} ms, validate without invariants {structure:F0} ms");
            Console.WriteLine($"  ratio {name}: validate = {validate / parse:F1}x parse ({(validate / parse < 5 ? "under" : "NOT under")} the 5x goal); without invariants {structure / parse:F1}x");
        }
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
