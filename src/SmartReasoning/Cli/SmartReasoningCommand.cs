using System.CommandLine;

namespace SmartReasoning.Cli;

/// <summary>The <c>smartreasoning</c> command line: each stage adds its commands here.</summary>
public static class SmartReasoningCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("SmartReasoning: a FHIR-native bridge between the EHR and clinical AI models.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(FhirCommand.Create());
        root.Subcommands.Add(FhirPathCommand.Create());
        root.Subcommands.Add(SandboxCommand.Create());
        root.Subcommands.Add(CdsCommand.Create());
        root.Subcommands.Add(LaunchCommand.Create());
        root.Subcommands.Add(ContextCommand.Create());
        root.Subcommands.Add(ReasonCommand.Create());
        root.Subcommands.Add(ScenariosCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        return root;
    }
}
