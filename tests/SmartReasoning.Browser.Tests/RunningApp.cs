using SmartReasoning.Cli;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Server;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// What <c>smartreasoning serve</c> starts, on free loopback ports for one test: SmartReasoning (validating and writing
/// back in the background, its data in a temporary folder) and the sandbox EHR with the cohort, joined as serve joins them
/// (<see cref="SandboxPairing"/>). <c>scope</c> overrides the scopes the local launch asks for.
/// </summary>
internal sealed class RunningApp : IAsyncDisposable
{
    private readonly string _data;
    private bool _sandboxStopped;

    private RunningApp(WebApplication service, string serviceBase, RunningSandbox sandbox, string data)
    {
        Service = service;
        ServiceBase = serviceBase;
        Sandbox = sandbox;
        _data = data;
    }

    public WebApplication Service { get; }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string ServiceBase { get; }

    public RunningSandbox Sandbox { get; }

    public static async Task<RunningApp> StartAsync(CancellationToken cancellationToken, string? scope = null)
    {
        var data = Directory.CreateTempSubdirectory("smartreasoning-app-").FullName;
        // Write-back validates against fhir-profiles/ as serve does, when ./test.sh has fetched the R4 definitions.
        var package = Path.Combine(TestEnvironment.RepositoryRoot, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");
        var service = SmartReasoningServer.Build(new ServerOptions
        {
            Port = 0, DataFolder = data, DeliverWriteBacks = true, FhirPackagePath = File.Exists(Path.Combine(package, "package.json")) ? package : null,
        });
        await service.StartAsync(cancellationToken);
        var serviceBase = SmartReasoningServer.BaseUrl(service);
        var sandbox = await RunningSandbox.StartAsync(SandboxPairing.SandboxFor(serviceBase), cancellationToken);
        SandboxPairing.Pair(service, serviceBase, sandbox.Root, scope);
        return new RunningApp(service, serviceBase, sandbox, data);
    }

    /// <summary>The cohort patient of an archetype.</summary>
    public static string PatientOf(Archetype archetype) =>
        SyntheticCohort.Generate().Single(b => SyntheticCohort.ArchetypeOf(b) == archetype).Entry.Select(e => e.Resource).OfType<Patient>().Single().Id!;

    /// <summary>Stops the EHR (its FHIR server becomes unreachable) while SmartReasoning keeps running.</summary>
    public async Task StopSandboxAsync()
    {
        _sandboxStopped = true;
        await Sandbox.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        if (!_sandboxStopped) await Sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the system cleans its temporary folder.
        }
    }
}
