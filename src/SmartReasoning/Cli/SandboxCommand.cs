using System.CommandLine;
using System.Net.Http.Headers;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.FhirServer;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning sandbox</c>: the sandbox EHR alone, on 127.0.0.1; <c>sandbox load</c> feeds a running one and
/// <c>sandbox token</c> gets a backend-services access token from one.
/// </summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The port to listen on (0 picks a free one).", DefaultValueFactory = _ => SandboxOptions.DefaultPort };
        var data = new Option<string[]>("--data") { Description = "Folders or files of FHIR Bundles to load at start.", AllowMultipleArgumentsPerToken = true };
        var synthetic = new Option<int>("--synthetic") { Description = "Also load this many generated patients (load tests)." };
        var noCohort = new Option<bool>("--no-cohort") { Description = "Do not load the synthetic cohort at start." };
        var profile = new Option<string>("--profile") { Description = "Imitate a real EHR: none, epic or oracle-health.", DefaultValueFactory = _ => "none" };
        profile.AcceptOnlyFromAmong([.. VendorProfile.All.Select(p => p.Name)]);
        var database = new Option<string?>("--database") { Description = "A SQLite file that keeps the sandbox's data across restarts." };
        var open = new Option<bool>("--open") { Description = "Serve FHIR requests without an access token (by default every one needs a valid token)." };
        var clients = new Option<string?>("--clients") { Description = "A JSON file of apps to register (RFC 7591 client metadata, each with its client_id)." };
        var app = new Option<string?>("--app") { Description = "The launch URL of the app the chart's 'Launch SmartReasoning' button opens." };
        var cdsServices = new Option<string[]>("--cds-service") { Description = "CDS Hooks discovery URLs the chart calls ({base}/cds-services).", AllowMultipleArgumentsPerToken = true };
        var standalonePatient = new Option<string?>("--standalone-patient") { Description = "The patient a standalone launch picks without showing the picker." };
        var simulate = new Option<SimulatedError>("--simulate-error") { Description = $"An error every launch simulates: {string.Join(", ", Enum.GetNames<SimulatedError>())}." };
        var command = new Command("sandbox", "Start the sandbox EHR (FHIR R4 server, SMART authorization server, chart page) on 127.0.0.1.")
        {
            port, data, synthetic, noCohort, profile, database, open, clients, app, cdsServices, standalonePatient, simulate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<SmartClient> registered;
            try
            {
                registered = parse.GetValue(clients) is { } file ? ClientMetadata.ReadFile(file) : [];
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            var defaults = new SandboxOptions();
            var options = new SandboxOptions
            {
                Clients = registered,
                AppLaunchUrl = parse.GetValue(app) ?? defaults.AppLaunchUrl,
                CdsServices = parse.GetValue(cdsServices) is { Length: > 0 } services ? services : defaults.CdsServices,
                StandalonePatient = parse.GetValue(standalonePatient),
                SimulatedError = parse.GetValue(simulate),
                Port = parse.GetValue(port),
                DataPaths = parse.GetValue(data) ?? [],
                SyntheticPatients = parse.GetValue(synthetic),
                LoadCohort = !parse.GetValue(noCohort),
                Profile = VendorProfile.Find(parse.GetValue(profile)!)!,
                DatabasePath = parse.GetValue(database),
                Open = parse.GetValue(open),
            };
            var store = new FhirResourceStore();
            try
            {
                foreach (var line in SandboxData.Populate(store, options)) Console.WriteLine(line);
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            await using var sandbox = SandboxServer.Build(options, store);
            await sandbox.StartAsync(cancellationToken);
            var root = SandboxServer.BaseUrl(sandbox);
            Console.WriteLine($"Sandbox chart: {root}/");
            Console.WriteLine($"Sandbox FHIR base: {root}/fhir{(options.Open ? " (open: no access token needed)" : "")}");
            Console.WriteLine($"SMART configuration: {root}/.well-known/smart-configuration");
            Console.WriteLine("Press Ctrl+C to stop.");
            await sandbox.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        command.Subcommands.Add(CreateLoad());
        command.Subcommands.Add(SandboxTokenCommand.Create());
        return command;
    }

    /// <summary><c>sandbox load &lt;bundle-or-folder&gt; [--fhir-base url] [--token t]</c>: posts FHIR Bundles to a running sandbox.</summary>
    private static Command CreateLoad()
    {
        var path = new Argument<string>("bundle-or-folder") { Description = "A FHIR Bundle file, or a folder of them." };
        var fhirBase = new Option<string>("--fhir-base") { Description = "The sandbox's FHIR base.", DefaultValueFactory = _ => $"http://127.0.0.1:{SandboxOptions.DefaultPort}/fhir" };
        var token = new Option<string?>("--token") { Description = "An access token to send as Authorization: Bearer (a sandbox not started with --open needs one)." };
        var command = new Command("load", "Load FHIR Bundles (transaction, batch or collection) into a running sandbox.") { path, fhirBase, token };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(path)!;
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                Console.Error.WriteLine($"No such file or folder: {target}");
                return 2;
            }
            using var client = new HttpClient { BaseAddress = new Uri(parse.GetValue(fhirBase)!.TrimEnd('/') + "/") };
            if (parse.GetValue(token) is { Length: > 0 } bearer) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            var files = File.Exists(target) ? [target] : Directory.GetFiles(target, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            var failures = 0;
            foreach (var file in files)
            {
                var body = await AsTransactionAsync(file, cancellationToken);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
                using var response = await client.PostAsync(new Uri("", UriKind.Relative), content, cancellationToken);
                Console.WriteLine($"{Path.GetFileName(file)}: {(int)response.StatusCode} {response.ReasonPhrase}");
                if (!response.IsSuccessStatusCode) failures++;
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>A transaction or batch Bundle is posted as it is; any other Bundle becomes a transaction of PUTs (or POSTs without ids).</summary>
    private static async Task<byte[]> AsTransactionAsync(string file, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        if (new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(bytes).Value is not Bundle bundle || bundle.Type?.Enum is BundleType.Transaction or BundleType.Batch)
            return bytes;
        bundle.Type = BundleType.Transaction;
        foreach (var entry in bundle.Entry.Where(e => e.Resource is not null))
        {
            var resource = entry.Resource!;
            entry.Request = resource.Id is { } id
                ? new Bundle.RequestComponent { Method = HTTPVerb.PUT, Url = new FhirUri { Value = $"{resource.TypeInfo.Name}/{id}" } }
                : new Bundle.RequestComponent { Method = HTTPVerb.POST, Url = new FhirUri { Value = resource.TypeInfo.Name } };
        }
        return FhirJsonSerializer.SerializeToUtf8Bytes(bundle);
    }
}
