using System.Text.Json;

namespace SmartReasoning.Launch;

/// <summary>
/// A token endpoint's successful answer, read: the tokens (kept on our server only) and the launch context beside
/// them. <c>expires_in</c> is the only source of the access token's lifetime: access tokens are opaque to us
/// (Epic's are not JWTs), so they are never decoded.
/// </summary>
public sealed class TokenResponse
{
    /// <summary>When a server leaves out <c>expires_in</c>, assume a short life, so that we refresh early rather than fail.</summary>
    public static readonly TimeSpan AssumedLifetime = TimeSpan.FromMinutes(5);

    private TokenResponse(IssuedTokens tokens, SmartLaunchContext context)
    {
        Tokens = tokens;
        Context = context;
    }

    public IssuedTokens Tokens { get; }

    /// <summary>The launch context of the answer (fhirUser comes later, from the validated id_token).</summary>
    public SmartLaunchContext Context { get; }

    /// <summary>
    /// Reads the answer; <paramref name="requestedScope"/> stands for the granted one only when the server leaves
    /// <c>scope</c> out (RFC 6749 §5.1). Throws <see cref="LaunchFailure"/> for an answer no app could use.
    /// </summary>
    public static TokenResponse Read(JsonElement json, DateTimeOffset now, string requestedScope, LaunchStep step)
    {
        LaunchFailure Bad(string why) => new(step, "The EHR's token answer cannot be used", why);
        if (json.ValueKind != JsonValueKind.Object) throw Bad("the token response is not a JSON object");
        var accessToken = String(json, "access_token") ?? throw Bad("the token response has no access_token");
        var tokenType = String(json, "token_type");
        if (!string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
            throw Bad($"token_type is '{LaunchFailure.Quote(tokenType, 40)}', not Bearer");
        var lifetime = AssumedLifetime;
        if (json.TryGetProperty("expires_in", out var expiresIn))
        {
            // Some servers send the number as a string.
            var seconds = expiresIn.ValueKind switch
            {
                JsonValueKind.Number when expiresIn.TryGetInt64(out var n) => n,
                JsonValueKind.String when long.TryParse(expiresIn.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
                _ => -1,
            };
            if (seconds <= 0) throw Bad("expires_in is not a positive number of seconds");
            lifetime = TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(366).TotalSeconds));
        }
        var tokens = new IssuedTokens(accessToken, String(json, "refresh_token"), String(json, "id_token"), String(json, "scope") ?? requestedScope, now, now + lifetime);
        var context = new SmartLaunchContext
        {
            Patient = String(json, "patient"),
            Encounter = String(json, "encounter"),
            FhirContext = FhirContext(json),
            NeedPatientBanner = !json.TryGetProperty("need_patient_banner", out var banner) || banner.ValueKind != JsonValueKind.False,
            SmartStyleUrl = String(json, "smart_style_url"),
            Intent = String(json, "intent"),
            Tenant = String(json, "tenant"),
            AppContext = json.TryGetProperty("appContext", out var app) ? app.ValueKind == JsonValueKind.String ? app.GetString() : app.GetRawText() : null,
        };
        return new TokenResponse(tokens, context);
    }

    private static IReadOnlyList<FhirContextEntry> FhirContext(JsonElement json)
    {
        if (!json.TryGetProperty("fhirContext", out var items) || items.ValueKind != JsonValueKind.Array) return [];
        List<FhirContextEntry> entries = [];
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) entries.Add(new FhirContextEntry(item.GetString(), null, null, null)); // SMART 2.0's plain references
            else if (item.ValueKind == JsonValueKind.Object)
                entries.Add(new FhirContextEntry(String(item, "reference"), String(item, "canonical"), String(item, "type"), String(item, "role")));
        }
        return entries;
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}

/// <summary>
/// The tokens of a launch, kept on our server. <see cref="ToString"/> hides them, so that a log line or an exception
/// that mentions this object never carries one.
/// </summary>
public sealed class IssuedTokens(string accessToken, string? refreshToken, string? idToken, string scope, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    public string AccessToken { get; } = accessToken;

    public string? RefreshToken { get; } = refreshToken;

    public string? IdToken { get; } = idToken;

    /// <summary>The granted scopes, space-separated, which may differ from those asked for.</summary>
    public string Scope { get; } = scope;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    /// <summary>When the access token stops working, by <c>expires_in</c>.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>A refresh's answer may leave out the refresh token (keep ours) or the scope (unchanged).</summary>
    public IssuedTokens After(IssuedTokens refreshed) =>
        new(refreshed.AccessToken, refreshed.RefreshToken ?? RefreshToken, refreshed.IdToken ?? IdToken, refreshed.Scope, refreshed.IssuedAt, refreshed.ExpiresAt);

    public override string ToString() => $"tokens (scope '{Scope}', expiring {ExpiresAt:O}, {(RefreshToken is null ? "no" : "with")} refresh token)";
}

/// <summary>
/// The launch context the EHR gave with the token (SMART App Launch 2.2 §2.0.7 and §2.0.10): whom and what the
/// launch is about, and how to show it.
/// </summary>
public sealed record SmartLaunchContext
{
    /// <summary>The patient id in context (not a reference: <c>123</c>, for <c>Patient/123</c>).</summary>
    public string? Patient { get; init; }

    public string? Encounter { get; init; }

    public IReadOnlyList<FhirContextEntry> FhirContext { get; init; } = [];

    /// <summary>True when the app must show a patient banner itself (also when the EHR did not say).</summary>
    public bool NeedPatientBanner { get; init; } = true;

    public string? SmartStyleUrl { get; init; }

    public string? Intent { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The <c>appContext</c>, as the string the EHR sent (or its JSON when it sent an object).</summary>
    public string? AppContext { get; init; }

    /// <summary>The user, from the validated id_token's <c>fhirUser</c> (e.g. <c>https://ehr/fhir/Practitioner/123</c>).</summary>
    public string? FhirUser { get; init; }
}

/// <summary>One resource in <c>fhirContext</c>: a reference, a canonical, or a type, with an optional role.</summary>
public sealed record FhirContextEntry(string? Reference, string? Canonical, string? Type, string? Role);
