namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// What one access token allows: who asked (client, user), the granted scope string, and the patient in context.
/// The FHIR server decides every read, search and write from this alone.
/// </summary>
public sealed record AccessGrant
{
    public required string ClientId { get; init; }

    /// <summary>The granted scopes, space-separated, as the token response states them.</summary>
    public required string Scope { get; init; }

    /// <summary>The patient in context (<c>patient/</c> scopes reach only this patient's compartment).</summary>
    public string? Patient { get; init; }

    public string? Encounter { get; init; }

    /// <summary>The user, as a FHIR reference such as <c>Practitioner/abc</c>.</summary>
    public string? FhirUser { get; init; }

    /// <summary>The token's own id (<c>jti</c>), so it can be revoked and introspected.</summary>
    public required string TokenId { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyList<string> Scopes => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
