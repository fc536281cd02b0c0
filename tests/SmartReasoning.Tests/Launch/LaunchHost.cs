using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Server;
using SmartReasoning.Tests.Sandbox.Authorization;

namespace SmartReasoning.Tests.Launch;

/// <summary>
/// SmartReasoning and the sandbox EHR, each on a free loopback port, sharing a clock the test moves: SmartReasoning is
/// registered with the sandbox as one client of the chosen type, and has one launch config for it (named
/// <see cref="ConfigName"/>). Two patients and their clinician are in the sandbox.
/// </summary>
public sealed class LaunchHost : IAsyncDisposable
{
    public const string ConfigName = "sandbox";
    public const string PatientId = "pat-1";
    public const string PatientName = "Ada Lovelace";
    public const string OtherPatientId = "pat-2";
    public const string OtherPatientName = "Charles Babbage";
    public const string PractitionerId = "doc-1";
    public const string Scope = "openid fhirUser launch launch/patient online_access patient/*.rs";
    public const string SecretVariable = "SR_TEST_CLIENT_SECRET";

    private LaunchHost()
    {
    }

    public ManualClock Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    /// <summary>SmartReasoning's environment variables (secrets, PEM keys), made at test time.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public FhirResourceStore Store { get; } = new();

    public WebApplication Service { get; private set; } = null!;

    public WebApplication Sandbox { get; private set; } = null!;

    public string ServiceBase { get; private set; } = "";

    public string SandboxRoot { get; private set; } = "";

    public string FhirBase => SandboxRoot + "/fhir";

    public LaunchConfig Config { get; private set; } = null!;

    public SmartClient Client { get; private set; } = null!;

    public LaunchSessions Sessions => Service.Services.GetRequiredService<LaunchSessions>();

    public T ServiceGet<T>() where T : notnull => Service.Services.GetRequiredService<T>();

    public static async Task<LaunchHost> StartAsync(
        LaunchClientType clientType = LaunchClientType.Public, string signingAlgorithm = "ES384", string scope = Scope,
        Func<SandboxOptions, SandboxOptions>? sandbox = null, Func<LaunchConfig, LaunchConfig>? config = null,
        Func<ServerOptions, ServerOptions>? service = null)
    {
        var host = new LaunchHost();
        var serverOptions = new ServerOptions
        {
            Port = 0,
            Clock = host.Clock,
            EnvironmentVariable = name => host.Environment.GetValueOrDefault(name),
        };
        host.Service = SmartReasoningServer.Build(service?.Invoke(serverOptions) ?? serverOptions);
        host.Service.Services.GetRequiredService<ILoggerFactory>().AddProvider(host.Logs);
        await host.Service.StartAsync(TestContext.Current.CancellationToken);
        host.ServiceBase = SmartReasoningServer.BaseUrl(host.Service);

        var clientId = clientType switch
        {
            LaunchClientType.Public => "sr-public",
            LaunchClientType.ConfidentialSymmetric => "sr-symmetric",
            _ => "sr-asymmetric",
        };
        var secret = "secret-made-at-test-time-" + Guid.NewGuid().ToString("N");
        host.Client = new SmartClient
        {
            ClientId = clientId,
            RedirectUris = [host.ServiceBase + LaunchEndpoints.CallbackPath],
            AuthenticationMethod = clientType switch
            {
                LaunchClientType.Public => ClientAuthenticationMethod.None,
                LaunchClientType.ConfidentialSymmetric => ClientAuthenticationMethod.ClientSecretBasic,
                _ => ClientAuthenticationMethod.PrivateKeyJwt,
            },
            Secret = clientType == LaunchClientType.ConfidentialSymmetric ? secret : null,
            JwksUri = clientType == LaunchClientType.ConfidentialAsymmetric ? host.ServiceBase + LaunchEndpoints.JwksPath : null,
            Scope = scope + " offline_access system/*.rs",
        };
        if (clientType == LaunchClientType.ConfidentialSymmetric) host.Environment[SecretVariable] = secret;

        var options = new SandboxOptions
        {
            Port = 0,
            Clock = host.Clock,
            Clients = [host.Client],
            AppLaunchUrl = host.ServiceBase + LaunchEndpoints.LaunchPath,
            CdsServices = [],
            StandalonePatient = PatientId,
        };
        host.Sandbox = SandboxServer.Build(sandbox?.Invoke(options) ?? options, host.Store);
        await host.Sandbox.StartAsync(TestContext.Current.CancellationToken);
        host.SandboxRoot = SandboxServer.BaseUrl(host.Sandbox);
        foreach (var json in new[]
        {
            $$"""{"resourceType":"Practitioner","id":"{{PractitionerId}}","name":[{"family":"Osler","given":["William"]}]}""",
            $$"""{"resourceType":"Patient","id":"{{PatientId}}","name":[{"family":"Lovelace","given":["Ada"]}],"birthDate":"1960-12-10","generalPractitioner":[{"reference":"Practitioner/{{PractitionerId}}"}]}""",
            $$"""{"resourceType":"Patient","id":"{{OtherPatientId}}","name":[{"family":"Babbage","given":["Charles"]}],"birthDate":"1951-12-26","generalPractitioner":[{"reference":"Practitioner/{{PractitionerId}}"}]}""",
        })
            host.Store.Write(new FhirJsonParser().Parse(json).Value!);

        var launchConfig = new LaunchConfig
        {
            Name = ConfigName,
            Issuer = host.FhirBase,
            ClientId = clientId,
            ClientType = clientType,
            Scope = scope,
            RedirectUri = host.ServiceBase + LaunchEndpoints.CallbackPath,
            ClientSecretEnvironmentVariable = clientType == LaunchClientType.ConfidentialSymmetric ? SecretVariable : null,
            SigningAlgorithm = signingAlgorithm,
            LocalSandbox = true,
        };
        host.Config = config?.Invoke(launchConfig) ?? launchConfig;
        host.ServiceGet<LaunchConfigCatalogue>().Put(host.Config);
        return host;
    }

    /// <summary>SmartReasoning's standalone launch URL for the sandbox config.</summary>
    public string StandaloneLaunch => $"{ServiceBase}{LaunchEndpoints.LaunchPath}?config={ConfigName}";

    /// <summary>The chart's "Launch SmartReasoning" for a patient (answers with a redirect to our /launch).</summary>
    public string ChartLaunch(string patientId) => $"{SandboxRoot}/chart/{patientId}/launch";

    /// <summary>An EHR launch made directly in the sandbox's launch store: SmartReasoning's URL with iss and launch.</summary>
    public string EhrLaunch(LaunchContext context)
    {
        var launch = Sandbox.Services.GetRequiredService<LaunchContextStore>().Create(context);
        return $"{ServiceBase}{LaunchEndpoints.LaunchPath}?iss={Uri.EscapeDataString(FhirBase)}&launch={Uri.EscapeDataString(launch)}";
    }

    /// <summary>The launch an app page shows, found as the app finds it: by its key and the browser's cookie.</summary>
    public LaunchSession SessionOf(BrowserPage appPage, TestBrowser browser) =>
        Sessions.Find(appPage.Query["launch"], browser.SessionCookie(ServiceBase)) ?? throw new InvalidOperationException("no launch session for this page");

    /// <summary>True for SmartReasoning's callback URL (to stop a browser before it).</summary>
    public bool IsCallback(Uri url) => url.AbsoluteUri.StartsWith(ServiceBase + LaunchEndpoints.CallbackPath, StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Service.DisposeAsync();
    }
}
