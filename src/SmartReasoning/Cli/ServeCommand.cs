using System.CommandLine;
using SmartReasoning.CdsHooks;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Launch;
using SmartReasoning.Reason;
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
        var launchConfigs = new Option<string?>("--launch-configs")
        {
            Description = "The folder of launch configs (EHRs SmartReasoning may be launched from); default: launch-configs/ when there is one.",
        };
        var sandboxOption = new Option<bool>("--sandbox")
        {
            Description = "Start the sandbox EHR beside the service, trusted as a CDS client and allowed as an EHR (the default; --sandbox false starts the service alone).",
            DefaultValueFactory = _ => true,
        };
        var cdsClients = new Option<string?>("--cds-clients")
        {
            Description = "A JSON file of trusted CDS clients: an array of {\"iss\", \"jwks\": {\"keys\": [..]}} or {\"iss\", \"jku\": [..]} (optional \"tenant\", \"fhirServers\").",
        };
        var allowedEhrs = new Option<string[]>("--allowed-ehr")
        {
            Description = "A FHIR base URL a CDS request's fhirServer may name (repeatable); no token is sent to any other.",
            AllowMultipleArgumentsPerToken = false,
        };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "The public base URL behind a proxy: a CDS client's JWT aud must be this plus the path called.",
        };
        var feedbackDb = new Option<string>("--feedback-db")
        {
            Description = "The SQLite file for CDS Hooks feedback.",
            DefaultValueFactory = _ => DefaultFeedbackDatabase,
        };
        var contextCache = new Option<int>("--cds-context-cache")
        {
            Description = "How many compiled contexts of recent CDS Hooks prefetches are kept (60 s each) for the same prefetch sent again; 0 turns this off.",
            DefaultValueFactory = _ => new CdsHooksOptions().ContextCacheEntries,
        };
        var command = new Command("serve", "Start SmartReasoning and the sandbox EHR on 127.0.0.1 with embedded defaults.")
        {
            port, sandboxPort, launchConfigs, sandboxOption, cdsClients, allowedEhrs, publicUrl, feedbackDb, contextCache,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configs = parse.GetValue(launchConfigs) ?? (Directory.Exists(DefaultLaunchConfigs) ? DefaultLaunchConfigs : null);
            if (configs is not null && !Directory.Exists(configs))
            {
                Console.Error.WriteLine($"No such folder: {configs}");
                return 2;
            }
            // The service starts first, so that the sandbox knows where to launch it and send CDS Hooks calls.
            WebApplication built;
            try
            {
                var feedbackPath = parse.GetValue(feedbackDb)!;
                if (Path.GetDirectoryName(Path.GetFullPath(feedbackPath)) is { } folder) Directory.CreateDirectory(folder);
                var cds = new CdsHooksOptions
                {
                    Clients = parse.GetValue(cdsClients) is { } clientsFile ? CdsClientsFile.Load(clientsFile) : [],
                    AllowedFhirServers = parse.GetValue(allowedEhrs) ?? [],
                    PublicBaseUrl = parse.GetValue(publicUrl),
                    FeedbackDatabasePath = feedbackPath,
                    ContextCacheEntries = Math.Max(0, parse.GetValue(contextCache)),
                    // Configured now, so a bad model configuration stops the start rather than the first hook call.
                    Reasoner = RecordReasoner.FromEnvironment(Environment.GetEnvironmentVariable),
                };
                var fhirPackage = FhirPackage.Locate(Console.Error);
                if (fhirPackage is null) Console.Error.WriteLine("Without the FHIR R4 definitions, write-back resources are not validated against fhir-profiles/.");
                built = SmartReasoningServer.Build(new ServerOptions
                {
                    Port = parse.GetValue(port), LaunchConfigsPath = configs, CdsHooks = cds, FhirPackagePath = fhirPackage,
                });
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            await using var app = built;
            await app.StartAsync(cancellationToken);
            var baseUrl = SmartReasoningServer.BaseUrl(app);
            if (!parse.GetValue(sandboxOption))
            {
                PrintService(baseUrl, app);
                Console.WriteLine("Press Ctrl+C to stop.");
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            var sandboxOptions = SandboxPairing.SandboxFor(baseUrl, new SandboxOptions { Port = parse.GetValue(sandboxPort) });
            var store = new SmartReasoning.Sandbox.Store.FhirResourceStore();
            foreach (var line in SandboxData.Populate(store, sandboxOptions)) Console.WriteLine(line);
            await using var sandbox = SandboxServer.Build(sandboxOptions, store);
            await sandbox.StartAsync(cancellationToken);
            var local = SandboxPairing.Pair(app, baseUrl, SandboxServer.BaseUrl(sandbox));
            PrintService(baseUrl, app);
            Console.WriteLine($"  sandbox EHR chart: {SandboxServer.BaseUrl(sandbox)}/");
            Console.WriteLine($"  sandbox EHR FHIR base: {SandboxServer.BaseUrl(sandbox)}/fhir");
            Console.WriteLine($"  standalone launch: {baseUrl}{LaunchEndpoints.LaunchPath}?config={local.Name}");
            Console.WriteLine($"Open the sandbox EHR chart, {SandboxServer.BaseUrl(sandbox)}/ , pick a patient and press \"Launch SmartReasoning\".");
            Console.WriteLine("Press Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private const string DefaultLaunchConfigs = "launch-configs";

    private const string DefaultFeedbackDatabase = ".cache/smartreasoning/feedback.db";

    private static void PrintService(string baseUrl, WebApplication app)
    {
        Console.WriteLine($"SmartReasoning is listening on {baseUrl}");
        Console.WriteLine($"  health: {baseUrl}/health/live, ready: {baseUrl}/health/ready");
        Console.WriteLine($"  CDS Hooks discovery: {baseUrl}{CdsHooksEndpoints.DiscoveryPath} ({app.Services.GetRequiredService<CdsClientRegistry>().All.Count} trusted CDS clients)");
    }
}
