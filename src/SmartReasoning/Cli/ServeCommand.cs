using System.CommandLine;
using SmartReasoning.Sandbox;
using SmartReasoning.Server;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning serve</c>: the main job on embedded defaults: the service and, beside it, the sandbox EHR, both on loopback.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "The port of the SmartReasoning service (0 picks a free one).",
            DefaultValueFactory = _ => ServerOptions.DefaultPort,
        };
        var sandboxPort = new Option<int>("--sandbox-port")
        {
            Description = "The port of the sandbox EHR (0 picks a free one).",
            DefaultValueFactory = _ => SandboxOptions.DefaultPort,
        };
        var command = new Command("serve", "Start SmartReasoning and the sandbox EHR on 127.0.0.1 with embedded defaults.") { port, sandboxPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var sandboxOptions = new SandboxOptions { Port = parse.GetValue(sandboxPort) };
            var store = new SmartReasoning.Sandbox.Store.FhirResourceStore();
            foreach (var line in SandboxData.Populate(store, sandboxOptions)) Console.WriteLine(line);
            await using var sandbox = SandboxServer.Build(sandboxOptions, store);
            await using var app = SmartReasoningServer.Build(new ServerOptions { Port = parse.GetValue(port) });
            await sandbox.StartAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
            var baseUrl = SmartReasoningServer.BaseUrl(app);
            Console.WriteLine($"SmartReasoning is listening on {baseUrl}");
            Console.WriteLine($"  health: {baseUrl}/health");
            Console.WriteLine($"  sandbox EHR FHIR base: {SandboxServer.BaseUrl(sandbox)}/fhir");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
