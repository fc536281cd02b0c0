using System.CommandLine;
using SmartReasoning.Fhir.FhirPath;
using SmartReasoning.Fhir.FhirPath.Conformance;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning fhirpath "expression" resource.json</c> and <c>smartreasoning fhirpath test suite.xml --inputs folder</c>.</summary>
internal static class FhirPathCommand
{
    public static Command Create()
    {
        var expression = new Argument<string>("expression") { Description = "A FHIRPath expression." };
        var resource = new Argument<string>("resource") { Description = "A FHIR JSON resource to evaluate it on." };
        var command = new Command("fhirpath", "Evaluate a FHIRPath expression on a resource; print the results as JSON with their types.") { expression, resource };
        command.SetAction(parse => Evaluate(parse.GetValue(expression)!, parse.GetValue(resource)!, Console.Out, Console.Error));
        command.Subcommands.Add(CreateTest());
        return command;
    }

    internal static int Evaluate(string expression, string resourceFile, TextWriter output, TextWriter error)
    {
        if (!File.Exists(resourceFile))
        {
            error.WriteLine($"No such file: {resourceFile}");
            return 2;
        }
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(File.ReadAllBytes(resourceFile));
        if (parsed.Value is null)
        {
            foreach (var issue in parsed.Issues) error.WriteLine(issue);
            return 2;
        }
        try
        {
            var compiled = FhirPathCompiler.Default.Compile(expression);
            var environment = new FhirPathEnvironment
            {
                Resource = parsed.Value,
                RootResource = parsed.Value,
                Trace = (name, items) => error.WriteLine($"trace {name}: {FhirPathResults.ToJson(items, indented: false)}"),
            };
            output.WriteLine(FhirPathResults.ToJson(compiled.Evaluate(parsed.Value, environment)));
            return 0;
        }
        catch (FhirPathException ex)
        {
            error.WriteLine($"{(ex is FhirPathCompileException ? "compile" : "evaluation")} error: {ex.Message}");
            return 1;
        }
    }

    private static Command CreateTest()
    {
        var suite = new Argument<string>("suite") { Description = "A test suite in the official FHIRPath XML format." };
        var inputs = new Option<string>("--inputs") { Description = "The folder of the input resources (JSON).", Required = true };
        var filter = new Option<string?>("--filter") { Description = "Only tests whose name contains this text." };
        var verbose = new Option<bool>("--verbose") { Description = "List every test, not only the failures." };
        var command = new Command("test", "Run a FHIRPath test suite; ends with 'N passed, N failed, N skipped'.") { suite, inputs, filter, verbose };
        command.SetAction(parse => RunSuite(parse.GetValue(suite)!, parse.GetValue(inputs)!, parse.GetValue(filter), parse.GetValue(verbose), Console.Out));
        return command;
    }

    internal static int RunSuite(string suiteFile, string inputs, string? filter, bool verbose, TextWriter output)
    {
        if (!File.Exists(suiteFile) || !Directory.Exists(inputs))
        {
            output.WriteLine($"No such suite or inputs folder: {suiteFile}, {inputs}");
            return 2;
        }
        int passed = 0, failed = 0, skipped = 0, otherStage = 0;
        var suite = new FhirPathTestSuite(suiteFile, inputs);
        foreach (var result in suite.Run(filter is null ? null : name => name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            switch (result.Outcome)
            {
                case FhirPathTestOutcome.Passed:
                    passed++;
                    if (result.Reason is not null) otherStage++;
                    break;
                case FhirPathTestOutcome.Failed: failed++; break;
                default: skipped++; break;
            }
            if (verbose || result.Outcome != FhirPathTestOutcome.Passed)
                output.WriteLine($"{result.Outcome.ToString().ToLowerInvariant()}: {result.Group}/{result.Name}: {result.Expression.ReplaceLineEndings(" ")}{(result.Reason is null ? "" : " -- " + result.Reason)}");
        }
        if (otherStage > 0)
            output.WriteLine($"({otherStage} of the passes are invalid expressions that failed at another stage than the suite names; --verbose lists them)");
        output.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }
}
