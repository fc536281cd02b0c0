using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Server;

namespace SmartReasoning.Launch;

/// <summary>
/// <c>smartreasoning launch probe</c>: the integrator's conformance check. Runs a headless standalone launch with one
/// launch config, through the same <see cref="LaunchFlow"/> the service uses, then reads the patient and refreshes,
/// printing <c>PASS step</c> or <c>FAIL step: reason</c> for each protocol step and ending with <c>N passed, N failed</c>.
/// For a config with <c>localSandbox</c> it starts the sandbox EHR and SmartReasoning on free ports and registers
/// the client there (RFC 7591), so it needs nothing else running.
/// </summary>
public sealed partial class LaunchProbe(TextWriter output)
{
    /// <summary>The system scope the backend-services step asks the local sandbox for.</summary>
    public const string BackendScope = "system/Patient.rs";

    private const int MaxHops = 12;
    private int _passed;
    private int _failed;

    /// <summary>Runs the probe; 0 when every step passed.</summary>
    public async Task<int> RunAsync(string configPath, LaunchClientType? clientType, CancellationToken cancellationToken)
    {
        LaunchConfig config;
        try
        {
            config = LaunchConfigCatalogue.Read(configPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Fail("configuration", ex.Message);
            return Finish();
        }
        if (clientType is { } type) config = config with { ClientType = type };
        if (config.ClientType == LaunchClientType.ConfidentialSymmetric && !config.LocalSandbox
            && (config.ClientSecretEnvironmentVariable is not { } variable || Environment.GetEnvironmentVariable(variable) is not { Length: > 0 }))
        {
            Fail("configuration", $"a confidential-symmetric client needs its secret in the environment variable {config.ClientSecretEnvironmentVariable ?? "(none named)"}");
            return Finish();
        }
        if (config.ClientType == LaunchClientType.ConfidentialAsymmetric && !config.LocalSandbox
            && (config.PrivateKeyEnvironmentVariable is not { } keyVariable || Environment.GetEnvironmentVariable(keyVariable) is not { Length: > 0 }))
        {
            // A key made for this run is one the EHR has never seen: its assertions would be refused.
            Fail("configuration", $"a confidential-asymmetric client needs the registered private key (PEM) in the environment variable {config.PrivateKeyEnvironmentVariable ?? "(none named)"}");
            return Finish();
        }
        Pass("configuration", $"{config.Name}: {config.Issuer}, {Name(config.ClientType)} client");

        WebApplication? sandbox = null;
        WebApplication? service = null;
        try
        {
            string? patientHint = null;
            if (config.LocalSandbox)
            {
                var store = new FhirResourceStore();
                SandboxData.Populate(store, new SandboxOptions { LoadCohort = true });
                patientHint = store.Current("Patient").Select(p => p.Id).Order(StringComparer.Ordinal).FirstOrDefault();
                sandbox = SandboxServer.Build(new SandboxOptions { Port = 0, StandalonePatient = patientHint, CdsServices = [] }, store);
                await sandbox.StartAsync(cancellationToken);
                service = SmartReasoningServer.Build(new ServerOptions { Port = 0 });
                await service.StartAsync(cancellationToken);
                var serviceBase = SmartReasoningServer.BaseUrl(service);
                config = config with { Issuer = SandboxServer.BaseUrl(sandbox) + "/fhir", RedirectUri = serviceBase + LaunchEndpoints.CallbackPath };
                Pass("sandbox", $"sandbox EHR at {SandboxServer.BaseUrl(sandbox)}, SmartReasoning at {serviceBase}");
            }
            else
            {
                // Not started: only its services are used, and the EHR's redirect is caught before it reaches us.
                service = SmartReasoningServer.Build(new ServerOptions { Port = 0 });
            }
            await ProbeAsync(service, config, patientHint, cancellationToken);
        }
        catch (LaunchFailure failure)
        {
            Fail(StepName(failure.Step), failure.Message);
        }
        finally
        {
            if (service is not null) await service.DisposeAsync();
            if (sandbox is not null) await sandbox.DisposeAsync();
        }
        return Finish();
    }

    private async Task ProbeAsync(WebApplication service, LaunchConfig config, string? patientHint, CancellationToken cancellationToken)
    {
        var services = service.Services;
        var catalogue = services.GetRequiredService<LaunchConfigCatalogue>();
        var http = services.GetRequiredKeyedService<HttpClient>(LaunchServices.HttpClientKey);
        catalogue.Put(config);

        var server = await services.GetRequiredService<SmartDiscovery>().DiscoverAsync(config, cancellationToken);
        Pass("discovery", string.Join("; ", new[]
        {
            server.FromCapabilityStatement ? "from the CapabilityStatement (no .well-known/smart-configuration)" : null,
            server.AdvertisesPkce ? null : "S256 is not advertised (PKCE is sent anyway)",
            server.AuthorizationEndpoint is null ? "no authorization_endpoint" : null,
        }.OfType<string>()));

        if (config.LocalSandbox)
        {
            config = await RegisterAsync(http, server, config, SmartReasoningServer.BaseUrl(service) + LaunchEndpoints.JwksPath, services.GetRequiredService<ClientSecrets>(), cancellationToken);
            catalogue.Put(config);
            Pass("registration", $"client {config.ClientId}");
        }

        const string browser = "probe-browser-session-0123456789abcdef";
        var flow = services.GetRequiredService<LaunchFlow>();
        var request = await flow.BeginAsync(config, config.Issuer, null, browser, cancellationToken);
        var callback = await FollowAsync(request, config.RedirectUri, cancellationToken);
        if (callback is null) return;
        Pass("authorize", request.UsePost ? "sent as a form POST (long request)" : null);

        var session = await flow.CompleteAsync(browser, callback, cancellationToken, step => Pass(StepName(step)));
        if (session.Tokens.IdToken is null && session.GrantedScopes.Contains("openid") && (session.GrantedScopes.Contains("fhirUser") || session.GrantedScopes.Contains("profile")))
            Fail("id_token", "openid and fhirUser were granted but the token response has no id_token");
        if (session.GrantedScope != session.RequestedScope) output.WriteLine($"  granted scope: {session.GrantedScope}");

        var refresher = services.GetRequiredService<TokenRefresher>();
        await PatientRead.ReadAsync(http, await refresher.AccessAsync(session, cancellationToken), cancellationToken);
        Pass("fhir read");

        var asked = session.RequestedScope.Split(' ');
        if (session.Tokens.RefreshToken is not null)
        {
            await refresher.RefreshNowAsync(session, cancellationToken);
            Pass("refresh");
            await PatientRead.ReadAsync(http, await refresher.AccessAsync(session, cancellationToken), cancellationToken);
            Pass("fhir read after refresh");
        }
        else if (asked.Contains("online_access") || asked.Contains("offline_access"))
            Fail("refresh", "online_access or offline_access was asked for, but the token response has no refresh_token");
        else output.WriteLine("  no refresh: the config asks for neither online_access nor offline_access");

        if (config.LocalSandbox && config.ClientType == LaunchClientType.ConfidentialAsymmetric && patientHint is not null)
        {
            var system = await services.GetRequiredService<BackendServicesClient>().AccessAsync(config, BackendScope, cancellationToken);
            await PatientRead.ReadAsync(http, new FhirAccess(system.FhirBase, system.AccessToken, patientHint, system.Scope, system.ExpiresAt), cancellationToken);
            Pass("backend services", $"client_credentials with {BackendScope}");
        }
    }

    /// <summary>Registers with the local sandbox (RFC 7591) as the client type asks; the sandbox makes a symmetric client's secret.</summary>
    private static async Task<LaunchConfig> RegisterAsync(HttpClient http, SmartServerConfiguration server, LaunchConfig config, string jwksUri, ClientSecrets secrets, CancellationToken cancellationToken)
    {
        if (server.RegistrationEndpoint is null) throw new LaunchFailure(LaunchStep.Registration, "No registration", "The sandbox's discovery names no registration_endpoint.");
        var asymmetric = config.ClientType == LaunchClientType.ConfidentialAsymmetric;
        var metadata = new JsonObject
        {
            ["client_name"] = "SmartReasoning launch probe",
            ["redirect_uris"] = new JsonArray(config.RedirectUri),
            ["token_endpoint_auth_method"] = config.ClientType switch
            {
                LaunchClientType.Public => "none",
                LaunchClientType.ConfidentialSymmetric => "client_secret_basic",
                _ => "private_key_jwt",
            },
            ["grant_types"] = asymmetric ? new JsonArray("authorization_code", "refresh_token", "client_credentials") : new JsonArray("authorization_code", "refresh_token"),
            ["scope"] = asymmetric ? $"{config.Scope} {BackendScope}" : config.Scope,
        };
        if (asymmetric) metadata["jwks_uri"] = jwksUri;
        using var content = new StringContent(metadata.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(server.RegistrationEndpoint, content, cancellationToken);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        if (response.StatusCode != HttpStatusCode.Created || answer?["client_id"]?.GetValue<string>() is not { } clientId)
            throw new LaunchFailure(LaunchStep.Registration, "Registration refused",
                $"The sandbox answered {(int)response.StatusCode}: {LaunchFailure.Quote(answer?["error_description"]?.GetValue<string>() ?? answer?["error"]?.GetValue<string>())}");
        var registered = config with { ClientId = clientId };
        if (config.ClientType == LaunchClientType.ConfidentialSymmetric)
            secrets.Remember(registered, answer["client_secret"]?.GetValue<string>() ?? throw new LaunchFailure(LaunchStep.Registration, "Registration", "The sandbox gave no client_secret."));
        return registered;
    }

    /// <summary>
    /// Plays the browser: sends the authorize request and follows redirects until one reaches our redirect URI; a page
    /// on the way (sign-in, consent, patient choice) stops the probe, which cannot fill it in.
    /// </summary>
    private async Task<CallbackParameters?> FollowAsync(AuthorizeRequest request, string redirectUri, CancellationToken cancellationToken)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = LaunchServices.EhrTimeout };
        var target = new Uri(redirectUri).GetLeftPart(UriPartial.Path);
        using var first = request.UsePost
            ? new HttpRequestMessage(HttpMethod.Post, request.Endpoint) { Content = new FormUrlEncodedContent(request.Parameters) }
            : new HttpRequestMessage(HttpMethod.Get, request.Url);
        var url = new Uri(request.Endpoint);
        var response = await browser.SendAsync(first, cancellationToken);
        try
        {
            for (var hop = 0; hop < MaxHops; hop++)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (next.GetLeftPart(UriPartial.Path) == target)
                    {
                        var callback = CallbackParameters.From(QueryHelpers.ParseQuery(next.Query).ToDictionary(p => p.Key, p => p.Value.ToString()));
                        return callback.Error is { } error
                            ? FailAndStop("authorize", $"the server answered {error}{(callback.ErrorDescription is { } d ? ": " + LaunchFailure.Quote(d) : "")}")
                            : callback;
                    }
                    url = next;
                    response.Dispose();
                    response = await browser.GetAsync(next, cancellationToken);
                    continue;
                }
                var page = await response.Content.ReadAsStringAsync(cancellationToken);
                return FailAndStop("authorize", response.IsSuccessStatusCode
                    ? $"the server showed a page at {url.GetLeftPart(UriPartial.Path)} (sign-in, consent or patient choice) that a headless probe cannot fill in; make an interactive launch at /launch?config=<name>"
                    : $"the server answered {(int)response.StatusCode} at {url.GetLeftPart(UriPartial.Path)}: {LaunchFailure.Quote(Text(page), 240)}");
            }
            return FailAndStop("authorize", $"more than {MaxHops} redirects without reaching the redirect URI");
        }
        finally
        {
            response.Dispose();
        }
    }

    private CallbackParameters? FailAndStop(string step, string reason)
    {
        Fail(step, reason);
        return null;
    }

    private void Pass(string step, string? note = null)
    {
        _passed++;
        output.WriteLine($"PASS {step}");
        if (!string.IsNullOrEmpty(note)) output.WriteLine($"  {note}");
    }

    private void Fail(string step, string reason)
    {
        _failed++;
        output.WriteLine($"FAIL {step}: {reason}");
    }

    private int Finish()
    {
        output.WriteLine($"{_passed} passed, {_failed} failed");
        return _failed == 0 ? 0 : 1;
    }

    public static string StepName(LaunchStep step) => step switch
    {
        LaunchStep.TokenExchange => "token exchange",
        LaunchStep.IdToken => "id_token",
        LaunchStep.LaunchContext => "launch context",
        LaunchStep.FhirRead => "fhir read",
        LaunchStep.BackendServices => "backend services",
        _ => step.ToString().ToLowerInvariant(),
    };

    private static string Name(LaunchClientType type) => type switch
    {
        LaunchClientType.Public => "public",
        LaunchClientType.ConfidentialSymmetric => "confidential-symmetric",
        _ => "confidential-asymmetric",
    };

    /// <summary>A page's words without its markup, to quote an error page.</summary>
    private static string Text(string html) => Whitespace().Replace(Tags().Replace(html, " "), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
