using System.CommandLine;
using SmartReasoning.Compile;
using SmartReasoning.Deidentify;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning context bundle.json [--json] [--as-of date] [--budget tokens]</c>: the compiled longitudinal context of a Bundle.</summary>
internal static class ContextCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "A FHIR Bundle (transaction, collection, searchset or $everything) of one patient, as JSON." };
        var json = new Option<bool>("--json") { Description = "Print the compiled context as JSON instead of the rendering a model reads." };
        var asOf = new Option<string?>("--as-of") { Description = "The date the context is compiled as of (yyyy-MM-dd); default today." };
        var budget = new Option<int>("--budget") { Description = "The rendering's token budget (tokens ≈ characters / 4).", DefaultValueFactory = _ => ContextRenderer.DefaultTokenBudget };
        var deidentified = new Option<bool>("--deidentified") { Description = "De-identify first and print exactly the rendering a model would receive (leak-checked)." };
        var command = new Command("context", "Compile a patient's Bundle into the longitudinal context and print its rendering for a model (or --json).")
        {
            bundle, json, asOf, budget, deidentified,
        };
        command.SetAction(parse => Run(parse.GetValue(bundle)!, parse.GetValue(json), parse.GetValue(asOf), parse.GetValue(budget), Console.Out, Console.Error,
            parse.GetValue(deidentified)));
        return command;
    }

    internal static int Run(string bundleFile, bool json, string? asOfText, int budget, TextWriter output, TextWriter error, bool deidentified = false)
    {
        if (!CommandInput.TryReadDate(asOfText, "--as-of", error, out var asOf)) return 2;
        if (budget <= 0)
        {
            error.WriteLine("--budget must be a positive number of tokens");
            return 2;
        }
        if (CommandInput.ReadRecord(bundleFile, error) is not { } record) return 2;
        if (!deidentified)
        {
            var context = new ContextCompiler().Compile(ContextCompiler.ResourcesOf(record), asOf: asOf);
            output.Write(json ? ContextJson.Write(context) + Environment.NewLine : ContextRenderer.Render(context, budget).Text);
            return 0;
        }
        try
        {
            var model = ModelContext.Build(record, new Deidentifier(), asOf ?? DateTimeOffset.UtcNow, budget);
            output.Write(json ? ContextJson.Write(model.Context) + Environment.NewLine : model.Rendering.Text);
        }
        catch (IdentifierLeakException leak)
        {
            error.WriteLine($"refused: {leak.Message}");
            return 1;
        }
        return 0;
    }
}
