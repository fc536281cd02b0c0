using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.Authorization.Scopes;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// The authorize endpoint (GET and POST) and the standalone patient picker. Checks, in this order: the client, the
/// exact redirect URI (until both are known, errors are shown as a page, never redirected), then the response type,
/// state, <c>aud</c> (exactly the FHIR base), PKCE S256, the launch, and the scopes (negotiated against what the
/// client may have). The user is the sandbox clinician; there is no consent screen.
/// </summary>
internal sealed class AuthorizeEndpoint(ClientRegistry clients, LaunchContextStore launches, AuthorizationCodes codes, FhirResourceStore store, SandboxOptions options, TimeProvider clock)
{
    private static readonly TimeSpan PickerLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (AuthorizationGrant Grant, string? State, DateTimeOffset Expires)> _awaitingPatient = new(StringComparer.Ordinal);

    public async Task<IResult> Authorize(HttpContext http)
    {
        var parameters = HttpMethods.IsPost(http.Request.Method)
            ? http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary() : null
            : http.Request.Query.ToDictionary();
        if (parameters is null) return ErrorPage("an authorize POST must be application/x-www-form-urlencoded");
        string? Get(string name) => parameters.TryGetValue(name, out var v) && v.Count == 1 && v[0] is { Length: > 0 } s ? s : null;

        var launchId = Get("launch");
        var launch = launchId is null ? null : launches.Find(launchId);
        var simulated = launch?.SimulatedError is { } e and not SimulatedError.None ? e : options.SimulatedError;

        var client = clients.Find(Get("client_id"));
        if (client is null || simulated == SimulatedError.InvalidClient)
            return ErrorPage(Get("client_id") is null ? "client_id is missing" : $"the client '{Get("client_id")}' is not registered here");
        var redirectUri = Get("redirect_uri");
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal) || simulated == SimulatedError.InvalidRedirectUri)
            return ErrorPage(redirectUri is null ? "redirect_uri is missing" : "redirect_uri is not one the client registered (compared exactly)");

        var state = Get("state");
        IResult Refuse(string error, string description) => Redirect(redirectUri, new() { ["error"] = error, ["error_description"] = description, ["state"] = state });

        if (parameters.Any(p => p.Value.Count > 1)) return Refuse("invalid_request", $"'{parameters.First(p => p.Value.Count > 1).Key}' is given more than once");
        if (Get("response_type") != "code") return Refuse("unsupported_response_type", "response_type must be 'code'");
        if (state is null) return Refuse("invalid_request", "state is required");
        var urls = SandboxUrls.Of(http);
        if (Get("aud") != urls.FhirBase) return Refuse("invalid_request", $"aud must be exactly this server's FHIR base, {urls.FhirBase}");
        if (Get("code_challenge_method") != "S256") return Refuse("invalid_request", "PKCE is required, with code_challenge_method=S256");
        if (Get("code_challenge") is not { Length: 43 } challenge || !Pkce.IsBase64Url(challenge))
            return Refuse("invalid_request", "code_challenge must be the base64url SHA-256 of the code verifier (43 characters)");

        var requested = Get("scope") ?? "";
        var scope = ScopeNegotiation.Negotiate(requested, client.Scope);
        if (simulated == SimulatedError.InvalidScope || scope.Length == 0)
            return Refuse("invalid_scope", requested.Length == 0 ? "scope is required" : "none of the requested scopes may be granted to this client");
        var scopes = scope.Split(' ');
        if (launchId is not null && launch is null) return Refuse("invalid_request", "launch is unknown or has expired; launch the app from the EHR again");
        if (launch is not null && !scopes.Contains("launch")) return Refuse("invalid_scope", "an EHR launch must ask for the 'launch' scope");

        var context = launch ?? new LaunchContext { SimulatedError = options.SimulatedError };
        var grant = new AuthorizationGrant
        {
            ClientId = client.ClientId,
            RedirectUri = redirectUri,
            CodeChallenge = challenge,
            Scope = scope,
            Context = context,
            Nonce = Get("nonce"),
        };
        var needsPatient = scopes.Any(s => s.StartsWith("patient/", StringComparison.Ordinal));
        if (context.Patient is null && launch is null && scopes.Contains("launch/patient"))
        {
            if (options.StandalonePatient is { } chosen) return Finish(grant, chosen, state);
            var pending = RandomId.New();
            var now = clock.GetUtcNow();
            foreach (var stale in _awaitingPatient.Where(p => p.Value.Expires < now).Select(p => p.Key).ToList()) _awaitingPatient.TryRemove(stale, out _);
            _awaitingPatient[pending] = (grant, state, now + PickerLifetime);
            return Results.Redirect($"{urls.PatientPicker}?request={Uri.EscapeDataString(pending)}");
        }
        if (needsPatient && context.Patient is null)
            return Refuse("invalid_scope", "patient/ scopes need a patient in context: ask for 'launch/patient' (standalone) or launch from the EHR");
        return Finish(grant, context.Patient, state);
    }

    /// <summary>GET: the list of patients to choose from for a standalone launch.</summary>
    public IResult PatientPicker(HttpContext http)
    {
        var request = http.Request.Query["request"].ToString();
        if (!_awaitingPatient.TryGetValue(request, out var pending) || pending.Expires < clock.GetUtcNow())
            return ErrorPage("this authorization request has expired; start the launch again");
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Choose a patient</title></head><body><main>")
            .Append("<h1>Choose a patient</h1><p>").Append(Html(clients.Find(pending.Grant.ClientId)?.Name ?? pending.Grant.ClientId))
            .Append(" asks to open a patient's record.</p><form method=\"post\"><input type=\"hidden\" name=\"request\" value=\"").Append(Html(request))
            .Append("\"><fieldset><legend>Patients</legend>");
        foreach (var (patient, index) in store.Current("Patient").Select(p => (Patient)p.Resource!).OrderBy(Name, StringComparer.Ordinal).Select((p, i) => (p, i)))
            page.Append("<div><input type=\"radio\" name=\"patient\" required id=\"p").Append(index).Append("\" value=\"").Append(Html(patient.Id!))
                .Append("\"><label for=\"p").Append(index).Append("\">").Append(Html(Name(patient))).Append(", born ")
                .Append(Html(patient.BirthDate?.Value ?? "unknown")).Append("</label></div>");
        page.Append("</fieldset><button type=\"submit\" id=\"choose-patient\">Open</button></form></main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>POST: the chosen patient; the code goes to the app.</summary>
    public async Task<IResult> PatientChosen(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return ErrorPage("the patient choice must be a form post");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!_awaitingPatient.TryRemove(form["request"].ToString(), out var pending) || pending.Expires < clock.GetUtcNow())
            return ErrorPage("this authorization request has expired; start the launch again");
        var patient = form["patient"].ToString();
        if (store.Read("Patient", patient) is not { IsDeleted: false }) return ErrorPage("choose one of the listed patients");
        return Finish(pending.Grant, patient, pending.State);
    }

    private IResult Finish(AuthorizationGrant grant, string? patient, string? state)
    {
        var context = grant.Context with { Patient = patient, FhirUser = grant.Context.FhirUser ?? SandboxUser.For(store, patient) };
        var code = codes.Issue(grant with { Context = context });
        return Redirect(grant.RedirectUri, new() { ["code"] = code, ["state"] = state });
    }

    private static IResult Redirect(string redirectUri, Dictionary<string, string?> parameters) =>
        Results.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters.Where(p => p.Value is not null)!));

    private static IResult ErrorPage(string message) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization error</title></head><body><main><h1>The app cannot be authorized</h1><p id=\"error\">{Html(message)}</p></main></body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);

    private static string Name(Patient patient) => patient.Name.FirstOrDefault() is { } name
        ? $"{string.Join(' ', name.Given.Select(g => g.Value))} {name.Family?.Value}".Trim()
        : patient.Id ?? "";

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>PKCE (RFC 7636) with S256, the only method the sandbox accepts.</summary>
internal static class Pkce
{
    public static bool Verifies(string verifier, string challenge) =>
        verifier.Length is >= 43 and <= 128 && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
        && Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == challenge;

    public static bool IsBase64Url(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
