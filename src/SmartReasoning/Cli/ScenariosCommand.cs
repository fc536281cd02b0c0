using System.CommandLine;
using System.Globalization;
using SmartReasoning.Reason;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning scenarios [library]</c>: runs the guideline reasoner over the scenario library and reports each
/// scenario, the sensitivity and the precision. Exit 1 when an expected finding is missed or a critical one is unexpected.
/// </summary>
internal static class ScenariosCommand
{
    public const string DefaultLibrary = "scenarios/reasoning";

    public static Command Create()
    {
        var library = new Argument<string>("library") { Description = "The scenario library folder.", DefaultValueFactory = _ => DefaultLibrary };
        var command = new Command("scenarios", "Score the reasoner on the scenario library (patients with expected findings).") { library };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(library)!, Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> RunAsync(string library, TextWriter output, TextWriter error, CancellationToken ct, IReasoner? reasoner = null)
    {
        if (!Directory.Exists(library))
        {
            error.WriteLine($"No such folder: {library}");
            return 2;
        }
        IReadOnlyList<ReasoningScenario> scenarios;
        try
        {
            scenarios = ReasoningScenario.LoadLibrary(library);
        }
        catch (InvalidDataException invalid)
        {
            error.WriteLine(invalid.Message);
            return 2;
        }
        var report = await ScenarioReport.RunAsync(reasoner ?? new GuidelineReasoner(), scenarios, ct);
        foreach (var outcome in report.Outcomes)
        {
            output.WriteLine($"{(outcome.Passed ? "pass" : "FAIL")}  {outcome.Scenario.Name}");
            foreach (var missed in outcome.Missed) output.WriteLine($"        missed {missed}");
            foreach (var extra in outcome.Unexpected) output.WriteLine($"        unexpected {extra.Kind.Code} ({extra.Severity.Code()}): {extra.Title}");
        }
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(invariant,
            $"{report.Outcomes.Count} scenarios, {report.Outcomes.Count(o => o.Passed)} passed; expected findings {report.ExpectedCount}, raised {report.MatchedCount} of them; " +
            $"findings raised {report.FoundCount}; sensitivity {report.Sensitivity:P1}, precision {report.Precision:P1}, unexpected critical {report.UnexpectedCriticalCount}"));
        return report.MatchedCount == report.ExpectedCount && report.UnexpectedCriticalCount == 0 ? 0 : 1;
    }
}
