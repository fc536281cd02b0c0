using System.Text.Json;
using System.Text.RegularExpressions;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// <c>GET /chart/{patientId}/launch</c>: the EHR launch. Keeps a <see cref="LaunchContext"/> (patient, encounter,
/// user, fhirContext, intent, need_patient_banner, smart_style_url, tenant, appContext, simulated error) and sends the
/// browser to <c>{app}?iss={fhirBase}&amp;launch={id}</c>. The app is the configured SmartReasoning launch URL, or
/// one on the origin of a registered client's redirect URI: the sandbox never sends a launch to an unknown site.
/// </summary>
internal static partial class AppLaunch
{
    private const int MaxText = 500;

    public static IResult Launch(string patientId, HttpContext http, FhirResourceStore store, SandboxOptions options, ClientRegistry clients, LaunchContextStore launches)
    {
        if (store.Read("Patient", patientId) is not { IsDeleted: false })
            return Problem(StatusCodes.Status404NotFound, "Unknown patient", $"There is no patient '{patientId}' in the sandbox.");
        var query = http.Request.Query;

        var app = Value(query, "app") ?? options.AppLaunchUrl;
        if (!Uri.TryCreate(app, UriKind.Absolute, out var appUri) || (appUri.Scheme != Uri.UriSchemeHttp && appUri.Scheme != Uri.UriSchemeHttps) || appUri.Fragment.Length > 0)
            return Problem(StatusCodes.Status400BadRequest, "Invalid app", "app must be an absolute http(s) URL without a fragment.");
        if (app != options.AppLaunchUrl && !clients.All.Any(c => c.RedirectUris.Any(r => SameOrigin(r, appUri))))
            return Problem(StatusCodes.Status400BadRequest, "Unknown app",
                $"The sandbox launches only {options.AppLaunchUrl} or an app on the origin of a registered client's redirect URI; {appUri.GetLeftPart(UriPartial.Authority)} is neither. Register the app first (/auth/register).");

        var encounter = Value(query, "encounter");
        if (encounter is not null && !BelongsTo(store, encounter, patientId))
            return Problem(StatusCodes.Status400BadRequest, "Invalid encounter", $"Encounter '{encounter}' is not an encounter of this patient.");

        var needBanner = true;
        if (Value(query, "need_patient_banner") is { } banner && !bool.TryParse(banner, out needBanner))
            return Problem(StatusCodes.Status400BadRequest, "Invalid need_patient_banner", "need_patient_banner must be true or false.");

        var style = Value(query, "smart_style_url");
        if (style is not null && !(Uri.TryCreate(style, UriKind.Absolute, out var styleUri) && (styleUri.Scheme == Uri.UriSchemeHttp || styleUri.Scheme == Uri.UriSchemeHttps)))
            return Problem(StatusCodes.Status400BadRequest, "Invalid smart_style_url", "smart_style_url must be an absolute http(s) URL.");

        var error = SimulatedError.None;
        if (Value(query, "error") is { } errorText && (!Enum.TryParse(errorText, ignoreCase: true, out error) || !Enum.IsDefined(error) || char.IsDigit(errorText[0])))
            return Problem(StatusCodes.Status400BadRequest, "Invalid error", $"error must be one of {string.Join(", ", Enum.GetNames<SimulatedError>())}.");

        List<FhirContextItem> fhirContext = [];
        foreach (var reference in (Value(query, "fhirContext") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ReferencePattern().IsMatch(reference))
                return Problem(StatusCodes.Status400BadRequest, "Invalid fhirContext", $"'{reference}' is not a relative reference Type/id.");
            fhirContext.Add(new FhirContextItem(reference));
        }

        foreach (var name in new[] { "intent", "tenant", "appContext" })
            if (Value(query, name) is { Length: > MaxText })
                return Problem(StatusCodes.Status400BadRequest, $"Invalid {name}", $"{name} is longer than {MaxText} characters.");

        var user = SignedInClinician.For(store, patientId);
        var launch = launches.Create(new LaunchContext
        {
            Patient = patientId,
            Encounter = encounter,
            FhirUser = user.IsPlaceholder ? null : user.Reference,
            FhirContext = fhirContext,
            Intent = Value(query, "intent"),
            NeedPatientBanner = needBanner,
            SmartStyleUrl = style,
            Tenant = Value(query, "tenant"),
            AppContext = Value(query, "appContext"),
            SimulatedError = error == SimulatedError.None ? options.SimulatedError : error,
        });
        var iss = SandboxUrls.Of(http).FhirBase;
        var separator = app.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{app}{separator}iss={Uri.EscapeDataString(iss)}&launch={Uri.EscapeDataString(launch)}");
    }

    private static bool SameOrigin(string redirectUri, Uri app) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), app.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    internal static bool BelongsTo(FhirResourceStore store, string encounterId, string patientId)
    {
        if (store.Read("Encounter", encounterId) is not { IsDeleted: false } encounter) return false;
        using var json = JsonDocument.Parse(encounter.Json!);
        return json.RootElement.TryGetProperty("subject", out var subject) && PatientChart.Text(subject, "reference") == $"Patient/{patientId}";
    }

    /// <summary>A query value, trimmed; null when absent or empty (an empty form field means "not given").</summary>
    private static string? Value(IQueryCollection query, string name) => query[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    internal static IResult Problem(int status, string title, string detail) => Results.Problem(title: title, detail: detail, statusCode: status);

    [GeneratedRegex("^[A-Z][A-Za-z]+/[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex ReferencePattern();
}
