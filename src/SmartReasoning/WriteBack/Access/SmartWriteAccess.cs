using SmartReasoning.Launch;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack.Access;

/// <summary>
/// Chooses the token a write goes with: the launching user's, while the launch lasts and its granted scopes allow the
/// write (<see cref="WriteScopes"/>); otherwise SMART Backend Services for the EHR (the launch config whose issuer is
/// the FHIR base, or the one named). No way to get a token for the EHR is a failure to report, not to retry.
/// </summary>
public sealed class SmartWriteAccess(LaunchSessions sessions, TokenRefresher refresher, LaunchConfigCatalogue catalogue, BackendServicesClient backend)
    : IWriteAccessProvider
{
    public async Task<string?> TokenAsync(string fhirBase, WriteAuth auth, IReadOnlyCollection<string> resourceTypes, ScopeRights needed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auth);
        if (auth.Mode == WriteAuthMode.None) return null;
        if (auth.Mode == WriteAuthMode.User && auth.Subject is { } key && sessions.FindForWork(key) is { EndedBecause: null } session
            && session.FhirBase == fhirBase.TrimEnd('/') && WriteScopes.Allow(session.GrantedScope, resourceTypes, needed))
        {
            try
            {
                return (await refresher.AccessAsync(session, cancellationToken).ConfigureAwait(false)).AccessToken;
            }
            catch (LaunchFailure)
            {
                // The launch can no longer reach the EHR (its refresh was refused): backend services may still.
            }
        }

        var config = (auth.Mode == WriteAuthMode.Backend && auth.Subject is { } name ? catalogue.FindByName(name) : null)
            ?? catalogue.FindByIssuer(fhirBase.TrimEnd('/'))
            ?? throw new WriteAccessException("no launch config for this FHIR server can write without the user", transient: false);
        try
        {
            return (await backend.AccessAsync(config, WriteScopes.BackendScope(resourceTypes), cancellationToken).ConfigureAwait(false)).AccessToken;
        }
        catch (LaunchFailure failure)
        {
            throw new WriteAccessException($"backend services refused: {failure.Message}", transient: false);
        }
        catch (HttpRequestException e)
        {
            throw new WriteAccessException($"the EHR's authorization server could not be reached ({e.HttpRequestError})", transient: true);
        }
    }
}
