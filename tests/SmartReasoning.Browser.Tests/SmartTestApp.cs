using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// A minimal SMART app for the browser tests, on its own loopback port: a launch page that calls fhirclient's
/// <c>FHIR.oauth2.authorize</c> and a redirect page that calls <c>FHIR.oauth2.ready()</c>, reads the patient and
/// shows its id and name (or the error) in the page. fhirclient's browser build comes from .cache/node.
/// </summary>
internal sealed class SmartTestApp : IAsyncDisposable
{
    public const string ClientId = "browser-test-app";

    public const string Scope = "launch openid fhirUser patient/*.rs";

    private readonly WebApplication _app;

    private SmartTestApp(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>e.g. http://127.0.0.1:40123</summary>
    public string Origin { get; }

    public string LaunchUrl => Origin + "/launch.html";

    public string RedirectUrl => Origin + "/app.html";

    /// <summary>The app as the sandbox registers it: a public client (PKCE) with this app's exact redirect URI.</summary>
    public SmartClient Registration => new()
    {
        ClientId = ClientId,
        Name = "Browser test app",
        RedirectUris = [RedirectUrl],
        AuthenticationMethod = ClientAuthenticationMethod.None,
        Scope = Scope,
    };

    public static async Task<SmartTestApp> StartAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(TestEnvironment.FhirClientPackage, "build", "fhir-client.js");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/fhir-client.js", () => Results.File(script, "text/javascript"));
        app.MapGet("/launch.html", () => Results.Content(LaunchPage, "text/html; charset=utf-8"));
        app.MapGet("/app.html", () => Results.Content(AppPage, "text/html; charset=utf-8"));
        await app.StartAsync(cancellationToken);
        return new SmartTestApp(app, SandboxServer.BaseUrl(app));
    }

    // The redirect URI is this page's sibling (the port is chosen at start). completeInTarget keeps the whole flow
    // in the frame or tab the EHR opened, whichever it is.
    private static readonly string LaunchPage = $$"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Test app: launching</title><script src="/fhir-client.js"></script></head>
        <body>
        <p id="status">launching</p><pre id="error"></pre>
        <script>
        FHIR.oauth2.authorize({
          clientId: {{JsonSerializer.Serialize(ClientId)}},
          scope: {{JsonSerializer.Serialize(Scope)}},
          redirectUri: new URL("app.html", location.href).href,
          completeInTarget: true
        }).catch(function (e) {
          document.getElementById("status").textContent = "failed";
          document.getElementById("error").textContent = String(e && e.message || e);
        });
        </script>
        </body></html>
        """;

    private const string AppPage = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Test app</title><script src="/fhir-client.js"></script></head>
        <body>
        <h1>Test app</h1>
        <p>Patient <span id="patient-id"></span>: <span id="patient-name"></span></p>
        <p id="status">authorizing</p><pre id="error"></pre>
        <script>
        function show(id, text) { document.getElementById(id).textContent = text; }
        FHIR.oauth2.ready()
          .then(function (client) { return client.patient.read(); })
          .then(function (patient) {
            var name = (patient.name || [])[0] || {};
            show("patient-id", patient.id);
            show("patient-name", (name.given || []).concat(name.family ? [name.family] : []).join(" "));
            show("status", "ready");
          })
          .catch(function (e) {
            show("error", String(e && e.message || e));
            show("status", "failed");
          });
        </script>
        </body></html>
        """;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
