using System.CommandLine;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
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
            // The service starts first, so that the sandbox knows where to launch it and send CDS Hooks calls.
            await using var app = SmartReasoningServer.Build(new ServerOptions { Port = parse.GetValue(port) });
            await app.StartAsync(cancellationToken);
            var baseUrl = SmartReasoningServer.BaseUrl(app);
            var sandboxOptions = new SandboxOptions
            {
                Port = parse.GetValue(sandboxPort),
                AppLaunchUrl = $"{baseUrl}/launch",
                CdsServices = [$"{baseUrl}/cds-services"],
                Clients = [SmartReasoningClient(baseUrl)],
            };
            var store = new SmartReasoning.Sandbox.Store.FhirResourceStore();
            foreach (var line in SandboxData.Populate(store, sandboxOptions)) Console.WriteLine(line);
            await using var sandbox = SandboxServer.Build(sandboxOptions, store);
            await sandbox.StartAsync(cancellationToken);
            Console.WriteLine($"SmartReasoning is listening on {baseUrl}");
            Console.WriteLine($"  health: {baseUrl}/health");
            Console.WriteLine($"  sandbox EHR chart: {SandboxServer.BaseUrl(sandbox)}/");
            Console.WriteLine($"  sandbox EHR FHIR base: {SandboxServer.BaseUrl(sandbox)}/fhir");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>SmartReasoning as an app registered with the sandbox: a public client with PKCE, on the service's own origin.</summary>
    private static SmartClient SmartReasoningClient(string baseUrl) => new()
    {
        ClientId = "smartreasoning",
        Name = "SmartReasoning",
        RedirectUris = [$"{baseUrl}/launch/callback"],
        Scope = "openid fhirUser launch launch/patient online_access offline_access patient/*.rs patient/*.cruds user/*.rs",
    };
}
