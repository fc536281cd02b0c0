namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// What the EHR knows when it launches an app (SMART App Launch 2.2 launch context): the chart it is in and the user.
/// Created by the chart page, referenced by the opaque <c>launch</c> parameter, returned beside the access token.
/// </summary>
public sealed record LaunchContext
{
    public string? Patient { get; init; }

    public string? Encounter { get; init; }

    /// <summary>The user, as a FHIR reference such as <c>Practitioner/abc</c>.</summary>
    public string? FhirUser { get; init; }

    /// <summary>Further resources in context, as references (e.g. <c>ServiceRequest/123</c>), with an optional role.</summary>
    public IReadOnlyList<FhirContextItem> FhirContext { get; init; } = [];

    /// <summary>What the user wants to do in the app, e.g. <c>reconcile-medications</c>.</summary>
    public string? Intent { get; init; }

    /// <summary>True when the EHR shows no patient banner around the app, so the app must.</summary>
    public bool NeedPatientBanner { get; init; } = true;

    public string? SmartStyleUrl { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The <c>appContext</c> of a CDS Hooks SMART link, passed through to the app beside the token.</summary>
    public string? AppContext { get; init; }

    /// <summary>An error this launch should simulate (<see cref="SimulatedError"/>), chosen on the chart page.</summary>
    public SimulatedError SimulatedError { get; init; }
}

/// <summary>One resource in a launch's <c>fhirContext</c>.</summary>
public sealed record FhirContextItem(string Reference, string? Role = null);
