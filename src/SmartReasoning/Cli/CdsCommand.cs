using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Sandbox.CdsHooksClient;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Cli;

/// <summary>
/// <c>smartreasoning cds call &lt;service-url&gt; --patient &lt;id&gt;</c>: calls one CDS service as an EHR would
/// (discovery, context, prefetch, fhirAuthorization, signed JWT) and prints its cards. The JWT is signed ES384 with
/// a P-384 key made for this run; its public half is served at <c>http://127.0.0.1:{port}/.well-known/jwks.json</c>
/// (the <c>jku</c> and <c>iss</c>) while the command runs, so a service can check the signature during the call.
/// </summary>
internal static class CdsCommand
{
    public const string ClientId = "smartreasoning-cli";

    public static Command Create()
    {
        var command = new Command("cds", "CDS Hooks from the command line.");
        command.Subcommands.Add(CreateCall());
        return command;
    }

    private static Command CreateCall()
    {
        var serviceUrl = new Argument<string>("service-url") { Description = "The service's URL, {base}/cds-services/{id}; discovery is read at {base}/cds-services." };
        var hook = new Option<string?>("--hook") { Description = "The hook to send (patient-view, order-select, order-sign...); default: the service's hook." };
        var patient = new Option<string>("--patient") { Description = "The patient id (context.patientId).", Required = true };
        var order = new Option<string?>("--order") { Description = "A MedicationRequest JSON file, or a Bundle of them, as the draft orders; default: one draft ibuprofen order." };
        var fhirBase = new Option<string?>("--fhir-base") { Description = "The FHIR server to fill prefetch from (and sent as fhirServer); without it no prefetch is sent." };
        var prefetch = new Option<string>("--prefetch") { Description = "normal, omit (some keys), null or outcome (an OperationOutcome).", DefaultValueFactory = _ => "normal" };
        prefetch.AcceptOnlyFromAmong("normal", "omit", "null", "outcome");
        var prefetchKeys = new Option<string?>("--prefetch-keys") { Description = "Comma-separated keys --prefetch applies to; default: omit leaves out every key but the first, null and outcome apply to every key." };
        var token = new Option<string?>("--token") { Description = "An access token for --fhir-base: used for prefetch and sent as fhirAuthorization." };
        var tokenScope = new Option<string>("--token-scope") { Description = "The scope stated in fhirAuthorization.", DefaultValueFactory = _ => "patient/*.rs" };
        var user = new Option<string?>("--user") { Description = "context.userId, e.g. Practitioner/123; default: the patient's general practitioner." };
        var encounter = new Option<string?>("--encounter") { Description = "context.encounterId." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the service.", DefaultValueFactory = _ => 10 };
        var command = new Command("call", "Call a CDS service like an EHR (discovery, prefetch, signed JWT) and print its cards. Exit code 1 when the call fails.")
        {
            serviceUrl, hook, patient, order, fhirBase, prefetch, prefetchKeys, token, tokenScope, user, encounter, timeout,
        };
        command.SetAction((parse, cancellationToken) => CallAsync(new CallOptions(
            parse.GetValue(serviceUrl)!, parse.GetValue(hook), parse.GetValue(patient)!, parse.GetValue(order), parse.GetValue(fhirBase),
            PrefetchPlan.ParseMode(parse.GetValue(prefetch)) ?? PrefetchMode.Normal,
            (parse.GetValue(prefetchKeys) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            parse.GetValue(token), parse.GetValue(tokenScope)!, parse.GetValue(user), parse.GetValue(encounter), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)))),
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal sealed record CallOptions(
        string ServiceUrl, string? Hook, string Patient, string? OrderFile, string? FhirBase, PrefetchMode Prefetch, IReadOnlyList<string> PrefetchKeys,
        string? Token, string TokenScope, string? User, string? Encounter, TimeSpan Timeout);

    internal static async Task<int> CallAsync(CallOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var trimmed = options.ServiceUrl.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (!CdsResponseReader.IsHttpUrl(trimmed) || slash < 0 || !trimmed[..slash].EndsWith("/cds-services", StringComparison.Ordinal))
        {
            error.WriteLine($"'{options.ServiceUrl}' is not a CDS service URL of the form http(s)://host/.../cds-services/{{id}}.");
            return 2;
        }
        var discoveryUrl = trimmed[..slash];
        var serviceId = Uri.UnescapeDataString(trimmed[(slash + 1)..]);
        if (options.FhirBase is not null && !CdsResponseReader.IsHttpUrl(options.FhirBase))
        {
            error.WriteLine($"--fhir-base '{options.FhirBase}' is not an absolute http(s) URL.");
            return 2;
        }
        JsonObject? fileOrders = null;
        if (options.OrderFile is { } file)
        {
            if (!File.Exists(file))
            {
                error.WriteLine($"No such file: {file}");
                return 2;
            }
            var (bundle, problem) = DraftOrders.FromJson(await File.ReadAllBytesAsync(file, cancellationToken));
            if (bundle is null)
            {
                error.WriteLine($"{file}: {problem}");
                return 2;
            }
            fileOrders = bundle;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var signingKey = new ECDsaSecurityKey(key) { KeyId = "cli-" + Guid.NewGuid().ToString("N")[..8] };
        await using var jwks = await StartJwksServerAsync(key, signingKey.KeyId, cancellationToken);
        var root = ((IServer)jwks.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var signer = new CdsJwtSigner(new SigningCredentials(signingKey, SecurityAlgorithms.EcdsaSha384), root, root + "/.well-known/jwks.json", ClientId);

        using var client = new CdsServiceClient(options.Timeout);
        var discovery = await client.DiscoverAsync(discoveryUrl, cancellationToken);
        if (discovery.Error is not null)
        {
            error.WriteLine($"Discovery failed: {discovery.Error}");
            return 1;
        }
        foreach (var problem in discovery.Problems) error.WriteLine($"discovery: {problem}");
        if (discovery.Services.FirstOrDefault(s => s.Id == serviceId) is not { } service)
        {
            error.WriteLine($"{discoveryUrl} has no service '{serviceId}'; it offers: {string.Join(", ", discovery.Services.Select(s => $"{s.Id} ({s.Hook})"))}");
            return 2;
        }
        var hook = options.Hook ?? service.Hook;
        if (hook != service.Hook) error.WriteLine($"warning: the service listens to {service.Hook}, not {hook}; sending {hook} anyway.");

        using var http = new HttpClient { Timeout = options.Timeout };
        IPrefetchSource? source = options.FhirBase is null ? null : new HttpPrefetchSource(http, options.FhirBase.TrimEnd('/'), options.Token);
        var userId = options.User ?? await GeneralPractitionerAsync(source, options.Patient, cancellationToken) ?? "Practitioner/cli-user";
        var drafts = fileOrders ?? DraftOrders.Bundle([DraftOrders.MedicationRequest("draft-1", options.Patient, options.Encounter, userId,
            RxNorm.Ibuprofen.Code, RxNorm.Ibuprofen.Display, RxNorm.Ibuprofen.Sig, DateTimeOffset.UtcNow)]);
        var context = new CdsHookContext
        {
            Hook = hook,
            UserId = userId,
            PatientId = options.Patient,
            EncounterId = options.Encounter,
            DraftOrders = drafts,
            Selections = DraftOrders.References(drafts),
        };
        var authorization = options.Token is null ? null : new FhirAuthorization(options.Token, 300, options.TokenScope, service.Id, options.Patient);
        var request = await CdsRequestBuilder.BuildAsync(service, context, new PrefetchPlan(options.Prefetch, options.PrefetchKeys.Count > 0 ? options.PrefetchKeys : null),
            source, options.FhirBase?.TrimEnd('/'), authorization, cancellationToken);
        foreach (var note in request.Notes) error.WriteLine($"note: {note}");
        output.WriteLine($"POST {service.Url} ({hook}, hookInstance {request.HookInstance}); JWT signed ES384 by {root}");
        var result = await client.CallAsync(service, request.Body, signer, cancellationToken);
        CardText.Write(output, result);
        return result.Succeeded && result.Response!.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task<string?> GeneralPractitionerAsync(IPrefetchSource? source, string patientId, CancellationToken cancellationToken)
    {
        if (source is null || await source.FetchAsync($"Patient/{Uri.EscapeDataString(patientId)}", cancellationToken) is not JsonObject patient) return null;
        return patient["generalPractitioner"] is JsonArray gps
            ? gps.OfType<JsonObject>().Select(g => CdsDiscoveryDocument.Text(g, "reference")).FirstOrDefault(r => r?.StartsWith("Practitioner/", StringComparison.Ordinal) == true)
            : null;
    }

    /// <summary>A loopback server for the run's public key, so the JWT's jku can be fetched while the command runs.</summary>
    private static async Task<WebApplication> StartJwksServerAsync(ECDsa key, string keyId, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var parameters = key.ExportParameters(false);
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = keyId, ["crv"] = "P-384",
                ["x"] = Base64UrlEncoder.Encode(parameters.Q.X), ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            }),
        }));
        await app.StartAsync(cancellationToken);
        return app;
    }
}
