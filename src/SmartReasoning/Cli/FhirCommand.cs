using System.CommandLine;
using System.Diagnostics;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning fhir ...</c>: tools for FHIR data.</summary>
internal static class FhirCommand
{
    public static Command Create()
    {
        var fhir = new Command("fhir", "Work with FHIR R4 resources.");
        fhir.Subcommands.Add(CreateRoundTrip());
        return fhir;
    }

    private static Command CreateRoundTrip()
    {
        var path = new Argument<string>("file-or-folder") { Description = "A FHIR JSON file, or a folder searched for *.json." };
        var lenient = new Option<bool>("--lenient") { Description = "Parse leniently (keep unknown elements) instead of strictly." };
        var command = new Command("roundtrip", "Parse every FHIR JSON resource, write it back, and compare the two semantically.") { path, lenient };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(path)!;
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                Console.Error.WriteLine($"No such file or folder: {target}");
                return 2;
            }
            var parser = new FhirJsonParser(parse.GetValue(lenient) ? FhirJsonParserOptions.Lenient : FhirJsonParserOptions.Strict);
            return RunRoundTrip(new FhirRoundTrip(parser), target, Console.Out);
        });
        return command;
    }

    internal static int RunRoundTrip(FhirRoundTrip roundTrip, string target, TextWriter output)
    {
        const int ShownFailures = 10;
        int total = 0, identical = 0, differ = 0, failed = 0, shown = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in FhirRoundTrip.FindJsonFiles(target))
        {
            var result = roundTrip.Check(Path.GetRelativePath(Directory.Exists(target) ? target : Path.GetDirectoryName(Path.GetFullPath(target))!, file), File.ReadAllBytes(file));
            total++;
            switch (result.Status)
            {
                case RoundTripStatus.Identical: identical++; continue;
                case RoundTripStatus.Differs: differ++; break;
                default: failed++; break;
            }
            if (shown++ >= ShownFailures) continue;
            output.WriteLine($"{result.Name}: {(result.Status == RoundTripStatus.Differs ? "differs" : "failed to parse")}");
            foreach (var detail in result.Details.Take(5)) output.WriteLine($"  {detail}");
        }
        if (shown > ShownFailures) output.WriteLine($"... and {shown - ShownFailures} more");
        output.WriteLine($"{total} resources, {identical} identical, {differ} differ, {failed} failed to parse ({clock.Elapsed.TotalSeconds:F2} s)");
        return total > 0 && identical == total ? 0 : 1;
    }
}
