using SmartReasoning.Launch;

namespace SmartReasoning.CdsHooks;

/// <summary>
/// SmartReasoning's own access to an EHR for a hook call that came without <c>fhirAuthorization</c>: SMART Backend
/// Services (<c>system/*.rs</c>) with the launch config whose issuer is the request's <c>fhirServer</c>, when that config
/// is a confidential-asymmetric client. Null when there is no such config or the EHR refuses.
/// </summary>
public sealed class BackendFhirAccess(LaunchConfigCatalogue configs, BackendServicesClient backend, ILogger<BackendFhirAccess> log)
{
    public const string Scope = "system/*.rs";

    public async Task<string?> TokenAsync(string fhirServer, CancellationToken cancellationToken)
    {
        var config = configs.FindByIssuer(fhirServer) ?? configs.FindByIssuer(fhirServer.TrimEnd('/'));
        if (config is null || config.ClientType != LaunchClientType.ConfidentialAsymmetric) return null;
        try
        {
            return (await backend.AccessAsync(config, Scope, cancellationToken)).AccessToken;
        }
        catch (LaunchFailure failure)
        {
            log.LogWarning("Backend services access to {Config} failed: {Reason}", config.Name, failure.Message);
            return null;
        }
    }
}
