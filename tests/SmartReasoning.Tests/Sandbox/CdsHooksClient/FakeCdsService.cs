using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartReasoning.Tests.Sandbox.CdsHooksClient;

/// <summary>What the fake service received: the path, the bearer JWT, the JSON body, and whether the JWT verified with the key at its jku.</summary>
public sealed record RecordedRequest(string Path, string? Jwt, JsonObject? Body, bool? VerifiedByJku);

/// <summary>
/// A CDS service for tests, on Kestrel at 127.0.0.1 on a free port: discovery from <see cref="Services"/>, hook calls
/// answered by <see cref="Respond"/> (default: <see cref="CardsFor"/>), feedback accepted; every request recorded.
/// While answering a hook it fetches the JWT's jku and checks the signature, as a careful service would.
/// </summary>
public sealed class FakeCdsService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();

    private FakeCdsService(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string DiscoveryUrl => BaseUrl + "/cds-services";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The discovery document's services.</summary>
    public JsonArray Services { get; set; } = DefaultServices();

    /// <summary>The answer to a hook call for a service id: status and body text.</summary>
    public Func<string, JsonObject, (int Status, string Body)> Respond { get; set; } = (id, _) => (200, CardsFor(id).ToJsonString());

    public IReadOnlyList<RecordedRequest> HookCalls => [.. Requests.Where(r => !r.Path.EndsWith("/feedback", StringComparison.Ordinal))];

    public IReadOnlyList<RecordedRequest> Feedback => [.. Requests.Where(r => r.Path.EndsWith("/feedback", StringComparison.Ordinal))];

    public string ServiceUrl(string id) => $"{DiscoveryUrl}/{id}";

    public static async Task<FakeCdsService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCdsService(app);
        app.MapGet("/cds-services", () => Results.Text(new JsonObject { ["services"] = fake.Services.DeepClone() }.ToJsonString(), "application/json"));
        app.MapPost("/cds-services/{id}/feedback", async (string id, HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            fake.Requests.Enqueue(new RecordedRequest(http.Request.Path, Bearer(http), body as JsonObject, null));
            return Results.Ok();
        });
        app.MapPost("/cds-services/{id}", async (string id, HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
            var jwt = Bearer(http);
            var verified = await fake.VerifyAsync(jwt, $"{fake.BaseUrl}{http.Request.Path}", http.RequestAborted);
            fake.Requests.Enqueue(new RecordedRequest(http.Request.Path, jwt, body, verified));
            var (status, text) = fake.Respond(id, body!);
            if (status == 0)
            {
                // Never answers: the caller's timeout must end the call.
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            return Results.Text(text, "application/json", statusCode: status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Checks the JWT with the key its jku serves: null when the jku cannot be fetched.</summary>
    private async Task<bool?> VerifyAsync(string? jwt, string audience, CancellationToken cancellationToken)
    {
        if (jwt is null) return false;
        var token = new JsonWebToken(jwt);
        if (!token.TryGetHeaderValue<string>("jku", out var jku)) return false;
        try
        {
            using var response = await _http.GetAsync(new Uri(jku), cancellationToken);
            if (!response.IsSuccessStatusCode) return null;
            var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken));
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
            {
                IssuerSigningKeys = keys.GetSigningKeys(),
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha384],
                ValidIssuer = token.Issuer,
                ValidAudience = audience,
            });
            return result.IsValid;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string? Bearer(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;

    /// <summary>Three services: patient-view, order-select and order-sign, with prefetch templates using every kind of token.</summary>
    public static JsonArray DefaultServices() =>
    [
        new JsonObject
        {
            ["hook"] = "patient-view", ["id"] = "chart-greeter", ["title"] = "Chart greeter", ["description"] = "Says hello",
            ["prefetch"] = new JsonObject { ["patient"] = "Patient/{{context.patientId}}" },
        },
        new JsonObject
        {
            ["hook"] = "order-select", ["id"] = "select-watch", ["title"] = "Selection watch", ["description"] = "Looks at selections",
        },
        new JsonObject
        {
            ["hook"] = "order-sign", ["id"] = "order-checker", ["title"] = "Order checker", ["description"] = "Checks orders",
            ["prefetch"] = new JsonObject
            {
                ["patient"] = "Patient/{{context.patientId}}",
                ["meds"] = "MedicationRequest?patient={{context.patientId}}&status=active",
                ["user"] = "{{context.userId}}",
                ["practitioner"] = "Practitioner/{{userPractitionerId}}",
                ["encounter"] = "Encounter/{{context.encounterId}}",
            },
        },
    ];

    /// <summary>
    /// The cards each service answers. order-checker: a warning with two suggestions (replace warfarin with apixaban
    /// and drop the draft, as one transaction; or a single harmless create), links, override reasons, and a detail
    /// full of hostile Markdown.
    /// </summary>
    public static JsonObject CardsFor(string id) => id switch
    {
        "order-checker" => new JsonObject
        {
            ["cards"] = new JsonArray(
                new JsonObject
                {
                    ["uuid"] = "card-bleeding",
                    ["summary"] = "Bleeding risk: warfarin with an NSAID",
                    ["indicator"] = "warning",
                    ["detail"] = "**Risk** <script>alert('x')</script> see [guideline](javascript:alert(1)) or [source](https://example.org/guideline)",
                    ["source"] = new JsonObject { ["label"] = "Fake checker", ["url"] = "https://example.org", ["topic"] = new JsonObject { ["code"] = "bleeding", ["display"] = "Bleeding" } },
                    ["selectionBehavior"] = "at-most-one",
                    ["suggestions"] = new JsonArray(
                        new JsonObject
                        {
                            ["label"] = "Switch warfarin to apixaban",
                            ["uuid"] = "sugg-switch",
                            ["isRecommended"] = true,
                            ["actions"] = new JsonArray(
                                new JsonObject
                                {
                                    ["type"] = "create", ["description"] = "Order apixaban",
                                    ["resource"] = JsonNode.Parse("""{"resourceType":"MedicationRequest","status":"active","intent":"order","medicationCodeableConcept":{"text":"apixaban 5 MG Oral Tablet"},"subject":{"reference":"Patient/p1"}}"""),
                                },
                                new JsonObject { ["type"] = "delete", ["description"] = "Stop warfarin", ["resourceId"] = "MedicationRequest/m1" }),
                        },
                        new JsonObject
                        {
                            ["label"] = "Record a note",
                            ["uuid"] = "sugg-note",
                            ["actions"] = new JsonArray(new JsonObject
                            {
                                ["type"] = "create", ["description"] = "A flag",
                                ["resource"] = JsonNode.Parse("""{"resourceType":"Flag","status":"active","code":{"text":"bleeding risk"},"subject":{"reference":"Patient/p1"}}"""),
                            }),
                        }),
                    ["overrideReasons"] = new JsonArray(
                        new JsonObject { ["system"] = "http://example.org/reasons", ["code"] = "benefit", ["display"] = "Benefit outweighs risk" },
                        new JsonObject { ["system"] = "http://example.org/reasons", ["code"] = "monitored", ["display"] = "Will monitor INR" }),
                    ["links"] = new JsonArray(
                        new JsonObject { ["label"] = "Read more", ["url"] = "https://example.org/more", ["type"] = "absolute" },
                        new JsonObject { ["label"] = "Open the app", ["url"] = "http://127.0.0.1:5480/launch", ["type"] = "smart", ["appContext"] = "{\"focus\":\"bleeding\"}" }),
                },
                new JsonObject
                {
                    ["uuid"] = "card-draft",
                    ["summary"] = "Drop the draft order",
                    ["indicator"] = "info",
                    ["source"] = new JsonObject { ["label"] = "Fake checker" },
                    ["selectionBehavior"] = "any",
                    ["suggestions"] = new JsonArray(new JsonObject
                    {
                        ["label"] = "Remove the draft",
                        ["uuid"] = "sugg-drop",
                        ["actions"] = new JsonArray(new JsonObject { ["type"] = "delete", ["description"] = "Remove the draft", ["resourceId"] = "MedicationRequest/draft-abc" }),
                    }),
                }),
        },
        _ => new JsonObject
        {
            ["cards"] = new JsonArray(new JsonObject
            {
                ["uuid"] = $"card-{id}",
                ["summary"] = $"Hello from {id}",
                ["indicator"] = "info",
                ["source"] = new JsonObject { ["label"] = id },
            }),
        },
    };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}
