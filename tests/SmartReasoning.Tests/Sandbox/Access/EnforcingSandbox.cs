using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>
/// A sandbox that enforces access tokens (Open = false), holding two patients' small records, with tokens issued
/// directly by its AccessTokenService. Alice: her Patient, a lab and a vital-signs Observation (the lab performed
/// by Practitioner/doc), a Condition and an Encounter. Bob: his Patient and a lab Observation.
/// </summary>
public abstract class EnforcingSandbox : SandboxHost
{
    public const string LabCategory = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    public const string LabOnly = "patient/Observation.rs?category=" + LabCategory;

    protected EnforcingSandbox()
    {
        Write("""{"resourceType":"Patient","id":"alice","name":[{"family":"Liddell","given":["Alice"]}]}""");
        Write("""{"resourceType":"Patient","id":"bob","name":[{"family":"Builder","given":["Bob"]}]}""");
        Write("""{"resourceType":"Practitioner","id":"doc","name":[{"family":"Who"}]}""");
        Write(Observation("obs-alice-lab", "alice", "laboratory", "4548-4", performer: "Practitioner/doc"));
        Write(Observation("obs-alice-vitals", "alice", "vital-signs", "8867-4"));
        Write(Observation("obs-bob-lab", "bob", "laboratory", "4548-4"));
        Write("""{"resourceType":"Condition","id":"cond-alice","subject":{"reference":"Patient/alice"},"code":{"text":"Hypertension"}}""");
        Write("""{"resourceType":"Encounter","id":"enc-alice","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"Patient/alice"}}""");
    }

    protected override SandboxOptions Options => new() { Port = 0, Open = false, LoadCohort = false };

    public AccessTokenService Tokens => Services.GetRequiredService<AccessTokenService>();

    public static string Observation(string? id, string patient, string category, string code, string? performer = null) => $$"""
        {"resourceType":"Observation",{{(id is null ? "" : $"\"id\":\"{id}\",")}}"status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"{{category}}"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"{{code}}"}]},
         "subject":{"reference":"Patient/{{patient}}"}{{(performer is null ? "" : $",\"performer\":[{{\"reference\":\"{performer}\"}}]")}}}
        """;

    public void Write(string json) => Store.Write(new FhirJsonParser().Parse(json).Value!);

    /// <summary>A token for <paramref name="scope"/> with <paramref name="patient"/> in context, valid for five minutes at this FHIR base.</summary>
    public string Token(string scope, string? patient = "alice", string? audience = null, SimulatedError simulate = SimulatedError.None) =>
        Tokens.Issue(Grant(scope, patient), Root, audience ?? FhirBase, simulate);

    public static AccessGrant Grant(string scope, string? patient = "alice") => new()
    {
        ClientId = "test-app",
        Scope = scope,
        Patient = patient,
        TokenId = Guid.NewGuid().ToString("N"),
        ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
    };

    public Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null, string? ifNoneExist = null) =>
        SendAsync(method, path, json, r =>
        {
            if (token is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (ifNoneExist is not null) r.Headers.TryAddWithoutValidation("If-None-Exist", ifNoneExist);
        });

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>The ids of a searchset's entries in a search mode ("match", "include"), as Type/id.</summary>
    public static List<string> Entries(JsonElement bundle, string mode = "match") =>
        bundle.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray().Where(e => e.GetProperty("search").GetProperty("mode").GetString() == mode)
                .Select(e => $"{e.GetProperty("resource").GetProperty("resourceType").GetString()}/{e.GetProperty("resource").GetProperty("id").GetString()}")]
            : [];

    public async Task AssertForbiddenAsync(string path, string token, string? diagnostics = null)
    {
        var (response, body) = await GetAsync(path, token);
        AssertForbidden(response, body, diagnostics);
    }

    public static void AssertForbidden(HttpResponseMessage response, JsonElement body, string? diagnostics = null)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("OperationOutcome", body.GetProperty("resourceType").GetString());
        var issue = body.GetProperty("issue")[0];
        Assert.Equal("forbidden", issue.GetProperty("code").GetString());
        if (diagnostics is not null) Assert.Contains(diagnostics, issue.GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }
}
