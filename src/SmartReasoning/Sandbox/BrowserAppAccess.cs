using Microsoft.AspNetCore.Cors.Infrastructure;

namespace SmartReasoning.Sandbox;

/// <summary>
/// CORS for SMART apps that run in a browser on their own origin (fhirclient's browser build, for one): they fetch
/// the discovery document, post to the token endpoint and call the FHIR API from script. Any origin may, without
/// cookies: the access token in the Authorization header is what grants access, never ambient credentials.
/// </summary>
internal static class BrowserAppAccess
{
    public static void Policy(CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin()
        .AllowAnyMethod()
        .AllowAnyHeader()
        .WithExposedHeaders("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate");
}
