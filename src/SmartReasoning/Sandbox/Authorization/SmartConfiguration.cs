using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>
/// The SMART configuration document (App Launch 2.2 discovery): where the endpoints are and exactly what this server
/// supports, so an app can decide before it sends anything. Served from the sandbox root and from the FHIR base.
/// </summary>
internal static class SmartConfiguration
{
    public static readonly string[] Capabilities =
    [
        "launch-ehr", "launch-standalone", "authorize-post",
        "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
        "context-passthrough-banner", "context-passthrough-style",
        "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient",
        "sso-openid-connect",
        "permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v1", "permission-v2",
    ];

    public static readonly string[] ClientAssertionAlgorithms = ["RS384", "ES384"];

    public static JsonObject Build(SandboxUrls urls) => new()
    {
        ["issuer"] = urls.Issuer,
        ["jwks_uri"] = urls.Jwks,
        ["authorization_endpoint"] = urls.Authorize,
        ["token_endpoint"] = urls.Token,
        ["introspection_endpoint"] = urls.Introspect,
        ["registration_endpoint"] = urls.Register,
        ["grant_types_supported"] = Array("authorization_code", "refresh_token", "client_credentials"),
        ["token_endpoint_auth_methods_supported"] = Array("private_key_jwt", "client_secret_basic", "none"),
        ["token_endpoint_auth_signing_alg_values_supported"] = Array(ClientAssertionAlgorithms),
        ["id_token_signing_alg_values_supported"] = Array("RS256"),
        ["scopes_supported"] = Array(
            "openid", "fhirUser", "profile", "launch", "launch/patient", "launch/encounter", "online_access", "offline_access",
            "patient/*.cruds", "user/*.cruds", "system/*.cruds", "patient/*.read", "patient/*.write", "user/*.read", "user/*.write", "system/*.read", "system/*.write"),
        ["response_types_supported"] = Array("code"),
        ["code_challenge_methods_supported"] = Array("S256"),
        ["capabilities"] = Array(Capabilities),
    };

    private static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}

/// <summary>The sandbox's public URLs, as the caller reached it (the host may be any loopback port).</summary>
public sealed record SandboxUrls(string Root)
{
    public static SandboxUrls Of(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}");

    /// <summary>The token and id_token issuer: the sandbox root.</summary>
    public string Issuer => Root;

    /// <summary>The FHIR base, which is also the only audience an access token may name.</summary>
    public string FhirBase => Root + "/fhir";

    public string Jwks => Root + "/.well-known/jwks.json";

    public string Authorize => Root + "/auth/authorize";

    public string Token => Root + "/auth/token";

    public string Introspect => Root + "/auth/introspect";

    public string Register => Root + "/auth/register";

    public string PatientPicker => Root + "/auth/patient-picker";
}
