using System.CommandLine;
using SmartReasoning.Launch;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning launch probe --config launch-configs/&lt;name&gt;.json</c>: a headless SMART launch against one EHR, step by step.</summary>
internal static class LaunchCommand
{
    public static Command Create()
    {
        var command = new Command("launch", "SMART App Launch from the command line.");
        command.Subcommands.Add(CreateProbe());
        return command;
    }

    private static Command CreateProbe()
    {
        var config = new Option<string>("--config") { Description = "The launch config file, e.g. launch-configs/local-sandbox.json.", Required = true };
        var clientType = new Option<string?>("--client-type") { Description = "Probe as this client type instead of the config's: public, confidential-symmetric or confidential-asymmetric." };
        clientType.AcceptOnlyFromAmong("public", "confidential-symmetric", "confidential-asymmetric");
        var command = new Command("probe",
            "Run a headless standalone launch and a first FHIR read against the config's server, printing PASS or FAIL for each protocol step and 'N passed, N failed'. Exit code 0 only when every step passed; 2 on bad arguments.")
        {
            config, clientType,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(config)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"No such file: {path}");
                return 2;
            }
            // The probe's own report is the output: the hosts it starts keep their information-level logs to themselves.
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
            LaunchClientType? type = parse.GetValue(clientType) switch
            {
                "public" => LaunchClientType.Public,
                "confidential-symmetric" => LaunchClientType.ConfidentialSymmetric,
                "confidential-asymmetric" => LaunchClientType.ConfidentialAsymmetric,
                _ => null,
            };
            return await new LaunchProbe(Console.Out).RunAsync(path, type, cancellationToken);
        });
        return command;
    }
}
