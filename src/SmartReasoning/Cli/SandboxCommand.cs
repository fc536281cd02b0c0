using System.CommandLine;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Cli;

/// <summary><c>smartreasoning sandbox</c>: the sandbox EHR alone, on 127.0.0.1.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => SandboxOptions.DefaultPort };
        var data = new Option<string[]>("--data") { Description = "Folders or files of FHIR Bundles to load at start.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("sandbox", "Start the sandbox EHR (a FHIR R4 server) on 127.0.0.1.") { port, data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SandboxOptions { Port = parse.GetValue(port), DataPaths = parse.GetValue(data) ?? [] };
            var store = new FhirResourceStore();
            var loader = new BundleLoader(store);
            foreach (var path in options.DataPaths)
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    Console.Error.WriteLine($"No such file or folder: {path}");
                    return 2;
                }
                Console.WriteLine($"loaded {loader.LoadPath(path)} resources from {path}");
            }
            await using var app = SandboxServer.Build(options, store);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"Sandbox FHIR base: {SandboxServer.BaseUrl(app)}/fhir");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
