using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Launch;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Cli;

/// <summary>
/// How <c>serve</c> joins SmartReasoning and the sandbox EHR started beside it (the browser tests join them the same way):
/// SmartReasoning registered at the sandbox as a confidential asymmetric SMART client (its keys at our JWKS URL), so it
/// can also use backend services (what CDS Hooks fallback fetches and accepted cards' write-backs need), the sandbox's
/// launch config on the ports actually bound, and the sandbox trusted as a CDS Hooks client and allowed as an EHR.
/// </summary>
public static class SandboxPairing
{
    /// <summary>SmartReasoning's client id at the sandbox.</summary>
    public const string ClientId = "smartreasoning";

    /// <summary>
    /// What the local launch asks for when the launch-configs folder has no local-sandbox config: the record to read, and
    /// the user's authority to write findings (Observation, Provenance, Device) and the clinician's decisions on them.
    /// </summary>
    public const string DefaultScope = "openid fhirUser launch launch/patient online_access patient/*.rs user/Observation.crus user/Provenance.crus user/Device.crus";

    /// <summary>
    /// The client's scopes at the sandbox; the local launch config asks for these or fewer, and backend services for the
    /// <c>system/</c> ones (reading a record, writing findings and decisions).
    /// </summary>
    public const string SandboxScope =
        "openid fhirUser launch launch/patient online_access offline_access patient/*.rs patient/*.cruds user/*.rs user/Observation.crus user/Provenance.crus user/Device.crus"
        + " system/*.rs system/Observation.crus system/Provenance.crus system/Device.crus";

    /// <summary>SmartReasoning as an app registered with the sandbox: <c>private_key_jwt</c> with PKCE, on the service's own origin.</summary>
    public static SmartClient Client(string serviceBase) => new()
    {
        ClientId = ClientId,
        Name = "SmartReasoning",
        RedirectUris = [serviceBase + LaunchEndpoints.CallbackPath],
        AuthenticationMethod = ClientAuthenticationMethod.PrivateKeyJwt,
        JwksUri = serviceBase + LaunchEndpoints.JwksPath,
        Scope = SandboxScope,
    };

    /// <summary>The sandbox's options for a SmartReasoning at <paramref name="serviceBase"/>: it launches it, calls its CDS services, knows its client.</summary>
    public static SandboxOptions SandboxFor(string serviceBase, SandboxOptions? options = null) => (options ?? new SandboxOptions()) with
    {
        AppLaunchUrl = $"{serviceBase}{LaunchEndpoints.LaunchPath}",
        CdsServices = [$"{serviceBase}/cds-services"],
        Clients = [Client(serviceBase)],
    };

    /// <summary>
    /// Joins a started service to a started sandbox: puts the local launch config (the folder's local-sandbox config, its
    /// scopes and quirks, on the bound ports; <paramref name="scope"/> overrides its scopes) and trusts the sandbox.
    /// </summary>
    public static LaunchConfig Pair(WebApplication service, string serviceBase, string sandboxRoot, string? scope = null)
    {
        var catalogue = service.Services.GetRequiredService<LaunchConfigCatalogue>();
        var template = catalogue.All.FirstOrDefault(c => c.LocalSandbox);
        var local = new LaunchConfig
        {
            Name = template?.Name ?? "local-sandbox",
            Description = template?.Description ?? "The sandbox EHR started beside SmartReasoning.",
            Issuer = sandboxRoot + "/fhir",
            ClientId = ClientId,
            ClientType = LaunchClientType.ConfidentialAsymmetric,
            Scope = scope ?? template?.Scope ?? DefaultScope,
            RedirectUri = serviceBase + LaunchEndpoints.CallbackPath,
            LocalSandbox = true,
            Quirks = template?.Quirks ?? new LaunchQuirks(),
        };
        catalogue.Put(local);
        // The chart names itself by the host the browser used: 127.0.0.1 or localhost.
        foreach (var root in new[] { sandboxRoot, sandboxRoot.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal) }.Distinct(StringComparer.Ordinal))
        {
            var urls = new SandboxUrls(root);
            service.Services.GetRequiredService<CdsClientRegistry>().Put(new CdsClient { Issuer = urls.Issuer, JkuUrls = [urls.Jwks], FhirServers = [urls.FhirBase] });
            service.Services.GetRequiredService<AllowedFhirServers>().Add(urls.FhirBase);
        }
        return local;
    }
}
