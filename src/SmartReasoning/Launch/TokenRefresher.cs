namespace SmartReasoning.Launch;

/// <summary>
/// Gives a launch's valid access token, refreshing it before it expires (by <c>expires_in</c>, never by reading the
/// token): one refresh at a time per launch, since refresh tokens rotate. A refused refresh ends the launch.
/// </summary>
public sealed class TokenRefresher(TokenClient tokens, TimeProvider clock)
{
    /// <summary>How long before expiry a token is refreshed (less for tokens that live under two minutes).</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);

    /// <summary>The session's FHIR base, patient and a token good for the next minute; throws <see cref="LaunchFailure"/> (Refresh) when the session has ended.</summary>
    public async Task<FhirAccess> AccessAsync(LaunchSession session, CancellationToken cancellationToken)
    {
        var current = session.Tokens;
        if (session.EndedBecause is null && !NeedsRefresh(current)) return Access(session, current);
        return await RefreshAsync(session, force: false, cancellationToken);
    }

    /// <summary>Refreshes now, whatever the expiry (the probe; a 401 from the FHIR server).</summary>
    public Task<FhirAccess> RefreshNowAsync(LaunchSession session, CancellationToken cancellationToken) => RefreshAsync(session, force: true, cancellationToken);

    private async Task<FhirAccess> RefreshAsync(LaunchSession session, bool force, CancellationToken cancellationToken)
    {
        var seen = session.Tokens;
        await session.RefreshLock.WaitAsync(cancellationToken);
        try
        {
            if (session.EndedBecause is { } why) throw Ended(why, null);
            var current = session.Tokens;
            // Another request refreshed while this one waited.
            if (!ReferenceEquals(current, seen) || (!force && !NeedsRefresh(current))) return Access(session, current);
            if (current.RefreshToken is null)
            {
                if (!force && current.ExpiresAt > clock.GetUtcNow()) return Access(session, current);
                session.EndedBecause = "The access token has expired and the EHR gave no refresh token (the launch config should ask for online_access or offline_access).";
                throw Ended(session.EndedBecause, null);
            }
            try
            {
                var refreshed = await tokens.RefreshAsync(session, current.RefreshToken, cancellationToken);
                session.Tokens = current.After(refreshed.Tokens);
                session.Refreshes++;
                return Access(session, session.Tokens);
            }
            catch (LaunchFailure failure) when (failure.OAuthError is "invalid_grant" or "invalid_client" or "unauthorized_client")
            {
                session.EndedBecause = failure.Message;
                throw Ended(failure.Message, failure.OAuthError);
            }
            catch (LaunchFailure) when (!force && current.ExpiresAt > clock.GetUtcNow())
            {
                // The EHR could not be reached, but the token still works for a little while: try again next time.
                return Access(session, current);
            }
        }
        finally
        {
            session.RefreshLock.Release();
        }
    }

    private bool NeedsRefresh(IssuedTokens tokens)
    {
        var ahead = TimeSpan.FromTicks(Math.Min(RefreshAhead.Ticks, (tokens.ExpiresAt - tokens.IssuedAt).Ticks / 2));
        return clock.GetUtcNow() >= tokens.ExpiresAt - ahead;
    }

    private static FhirAccess Access(LaunchSession session, IssuedTokens tokens) =>
        new(session.FhirBase, tokens.AccessToken, session.Context.Patient, tokens.Scope, tokens.ExpiresAt);

    private static LaunchFailure Ended(string why, string? oauthError) =>
        new(LaunchStep.Refresh, "Your session with the EHR has ended", $"{why} Launch SmartReasoning again from the EHR.", StatusCodes.Status401Unauthorized, oauthError);
}
