using System.CommandLine;
using System.Diagnostics;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Validation;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning validate resource.json [--profile url] [--definitions folder]... [--json]</c> and
/// <c>smartreasoning validate --suite manifest.json</c>. Exit codes: 0 valid, 1 errors (or suite cases that
/// differ), 2 bad input (no such file, no FHIR package).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("resource-or-bundle") { Description = "A FHIR R4 JSON resource or Bundle.", Arity = ArgumentArity.ZeroOrOne };
        var profile = new Option<string[]>("--profile") { Description = "Also validate against this profile (canonical URL); repeatable.", AllowMultipleArgumentsPerToken = false };
        var definitions = new Option<string[]>("--definitions") { Description = "A folder (or file) of StructureDefinitions, ValueSets and CodeSystems to load, e.g. fhir-profiles; repeatable." };
        var json = new Option<bool>("--json") { Description = "Print the OperationOutcome as JSON instead of text." };
        var suite = new Option<string?>("--suite") { Description = "Run a validator test suite (manifest.json in the shared conformance format) instead." };
        var verbose = new Option<bool>("--verbose") { Description = "With --suite: list every case, not only those that differ." };
        var command = new Command("validate", "Validate a FHIR R4 resource against its base definition, meta.profile and the profiles given; print the OperationOutcome.")
        {
            file, profile, definitions, json, suite, verbose,
        };
        command.SetAction(parse =>
        {
            var package = FhirPackage.Locate(Console.Error);
            if (package is null) return 2;
            var core = ConformanceResources.Core(package);
            if (parse.GetValue(suite) is { } manifest) return RunSuite(core, manifest, parse.GetValue(verbose), Console.Out, Console.Error);
            if (parse.GetValue(file) is not { } target)
            {
                Console.Error.WriteLine("Give a resource file to validate, or --suite manifest.json.");
                return 2;
            }
            return Validate(core, target, parse.GetValue(profile) ?? [], parse.GetValue(definitions) ?? [], parse.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Validate(ConformanceResources core, string file, IReadOnlyList<string> profiles, IReadOnlyList<string> definitions,
        bool json, TextWriter output, TextWriter error)
    {
        if (!File.Exists(file))
        {
            error.WriteLine($"No such file: {file}");
            return 2;
        }
        ConformanceResources resources;
        try
        {
            resources = definitions.Count == 0 ? core : core.With(definitions);
        }
        catch (IOException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        var unknown = profiles.Where(p => resources.FindStructure(p) is null).ToList();
        if (unknown.Count > 0)
        {
            error.WriteLine($"Unknown profile: {string.Join(", ", unknown)} (load its folder with --definitions)");
            return 2;
        }
        var result = new FhirValidator(resources, new ValidationOptions { Profiles = profiles }).Validate(File.ReadAllBytes(file));
        if (json) output.WriteLine(FhirJsonSerializer.SerializeToString(result.ToOperationOutcome(), pretty: true));
        else
        {
            foreach (var issue in result.Issues) output.WriteLine(issue);
            var warnings = result.Issues.Count(i => i.Severity == Fhir.Model.IssueSeverity.Warning);
            output.WriteLine($"{(result.IsValid ? "valid" : "invalid")}: {result.ErrorCount} errors, {warnings} warnings, {result.Issues.Count - result.ErrorCount - warnings} information");
        }
        return result.IsValid ? 0 : 1;
    }

    internal static int RunSuite(ConformanceResources core, string manifest, bool verbose, TextWriter output, TextWriter error)
    {
        if (!File.Exists(manifest))
        {
            error.WriteLine($"No such file: {manifest}");
            return 2;
        }
        int total = 0, match = 0, differ = 0, skipped = 0, locations = 0, baseMatch = 0, profileSteps = 0, profileMatch = 0;
        var clock = Stopwatch.StartNew();
        foreach (var result in new ValidationSuite(core).Run(manifest))
        {
            total++;
            if (result.Skipped)
            {
                skipped++;
                if (verbose) output.WriteLine($"skip   {result.Case.Name}: {result.SkipReason}");
                continue;
            }
            if (result.Base!.VerdictMatches) baseMatch++;
            if (result.Profile is { } profileStep)
            {
                profileSteps++;
                if (profileStep.VerdictMatches) profileMatch++;
            }
            if (result.Matches) match++;
            else differ++;
            if (result.LocationsMatch) locations++;
            if (!result.Matches || verbose) Describe(result, output);
        }
        output.WriteLine($"base step: {baseMatch} of {total - skipped} verdicts match; profile step: {profileMatch} of {profileSteps}");
        output.WriteLine($"{locations} of {match} matching cases also report every expected error location ({clock.Elapsed.TotalSeconds:F1} s)");
        output.WriteLine($"{total} cases, {match} match, {differ} differ, {skipped} skipped");
        return differ == 0 ? 0 : 1;
    }

    private static void Describe(CaseResult result, TextWriter output)
    {
        output.WriteLine($"{(result.Matches ? "match " : "DIFFER")} {result.Case.Name}");
        foreach (var (name, step, expected) in new[] { ("base", result.Base, result.Case.ExpectedErrors), ("profile", result.Profile, result.Case.ProfileExpectedErrors) })
        {
            if (step is null || step.VerdictMatches && step.LocationsMatch) continue;
            output.WriteLine($"  {name}: expected {step.ExpectedErrors} errors, found {step.Errors.Count}");
            foreach (var e in expected.Where(e => e.Severity is "error" or "fatal").Take(5)) output.WriteLine($"    expected {e.Location}: {e.Message}");
            foreach (var e in step.Errors.Take(5)) output.WriteLine($"    found    {e.Location}: {e.Text}");
        }
    }
}
