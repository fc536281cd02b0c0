using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmartReasoning.Sandbox;

namespace SmartReasoning.Browser.Tests;

/// <summary>
/// A CDS Hooks 2.0 service for the browser tests, on its own loopback port: discovery lists one <c>order-sign</c>
/// service; a call answers one card with one suggestion (create a MedicationRequest for the patient, tagged with
/// an identifier unique to this instance, so the test can find it in the store after accepting); feedback is kept.
/// </summary>
internal sealed class FakeCdsService : IAsyncDisposable
{
    public const string ServiceId = "drug-check";

    public const string CardSummary = "Consider amlodipine instead";

    public const string SuggestionLabel = "Order amlodipine 5 mg instead";

    /// <summary>The identifier system of the MedicationRequest the suggestion creates.</summary>
    public const string SuggestionSystem = "urn:smartreasoning:test:cds-suggestion";

    private readonly WebApplication _app;

    private FakeCdsService(WebApplication app, string origin, Calls calls, string marker)
    {
        _app = app;
        Origin = origin;
        SuggestionMarker = marker;
        Requests = calls.Requests;
        Feedback = calls.Feedback;
    }

    public string Origin { get; }

    /// <summary>The discovery endpoint (<c>{base}/cds-services</c>).</summary>
    public string DiscoveryUrl => Origin + "/cds-services";

    /// <summary>The value of the identifier on the MedicationRequest the suggestion creates.</summary>
    public string SuggestionMarker { get; }

    /// <summary>Every hook request received, with the Authorization header it came with (under "authorization").</summary>
    public IReadOnlyCollection<JsonObject> Requests { get; }

    public IReadOnlyCollection<JsonObject> Feedback { get; }

    public static async Task<FakeCdsService> StartAsync(CancellationToken cancellationToken)
    {
        var calls = new Calls();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        var marker = Guid.NewGuid().ToString("N");
        app.MapGet("/cds-services", () => Results.Json(Discovery()));
        app.MapPost($"/cds-services/{ServiceId}", async (HttpContext http) =>
        {
            var request = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject
                ?? throw new BadHttpRequestException("the hook request is not a JSON object");
            request["authorization"] = http.Request.Headers.Authorization.ToString();
            calls.Requests.Enqueue(request);
            var patient = request["context"]?["patientId"]?.GetValue<string>();
            return Results.Json(Cards(patient, marker));
        });
        app.MapPost($"/cds-services/{ServiceId}/feedback", async (HttpContext http) =>
        {
            if (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) is JsonObject feedback) calls.Feedback.Enqueue(feedback);
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        return new FakeCdsService(app, SandboxServer.BaseUrl(app), calls, marker);
    }

    private static JsonObject Discovery() => new()
    {
        ["services"] = new JsonArray(new JsonObject
        {
            ["hook"] = "order-sign",
            ["id"] = ServiceId,
            ["title"] = "Test drug check",
            ["description"] = "Answers every order with one card and one suggestion",
            ["prefetch"] = new JsonObject { ["patient"] = "Patient/{{context.patientId}}" },
        }),
    };

    private static JsonObject Cards(string? patient, string marker) => new()
    {
        ["cards"] = new JsonArray(new JsonObject
        {
            ["uuid"] = Guid.NewGuid().ToString(),
            ["summary"] = CardSummary,
            ["indicator"] = "warning",
            ["detail"] = "The test service suggests **amlodipine** for every order.",
            ["source"] = new JsonObject { ["label"] = "Fake CDS service" },
            ["selectionBehavior"] = "at-most-one",
            ["suggestions"] = new JsonArray(new JsonObject
            {
                ["label"] = SuggestionLabel,
                ["uuid"] = Guid.NewGuid().ToString(),
                ["actions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "create",
                    ["description"] = "Order amlodipine 5 mg oral tablet",
                    ["resource"] = new JsonObject
                    {
                        ["resourceType"] = "MedicationRequest",
                        ["identifier"] = new JsonArray(new JsonObject { ["system"] = SuggestionSystem, ["value"] = marker }),
                        ["status"] = "draft",
                        ["intent"] = "order",
                        ["medicationCodeableConcept"] = new JsonObject
                        {
                            ["coding"] = new JsonArray(new JsonObject
                            {
                                ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm",
                                ["code"] = "197361",
                                ["display"] = "amlodipine 5 MG Oral Tablet",
                            }),
                            ["text"] = "amlodipine 5 MG Oral Tablet",
                        },
                        ["subject"] = new JsonObject { ["reference"] = $"Patient/{patient}" },
                    },
                }),
            }),
        }),
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Calls
    {
        public ConcurrentQueue<JsonObject> Requests { get; } = new();

        public ConcurrentQueue<JsonObject> Feedback { get; } = new();
    }
}
