using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Server;

namespace SmartReasoning.Tests.Launch;

/// <summary>
/// An EHR of our own on a free loopback port, which misbehaves on demand where the sandbox cannot: discovery only from
/// its CapabilityStatement (with relative URLs), no PKCE advertised, another scope granted, no patient, id_tokens
/// that are wrongly signed, for someone else, expired or from the future. It records every request.
/// </summary>
public sealed class FakeEhr : IAsyncDisposable
{
    public const string PatientId = "fake-pat";
    public const string PatientName = "Grace Hopper";
    public const string ClientId = "fake-app";

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string?> _nonceByCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _scopeByCode = new(StringComparer.Ordinal);
    private int _codes;
    private WebApplication _app = null!;

    public string Root { get; private set; } = "";

    public string FhirBase => Root + "/fhir";

    public bool ServesSmartConfiguration { get; set; } = true;

    public bool ServesCapabilityStatement { get; set; } = true;

    /// <summary>The CapabilityStatement's oauth-uris are relative (resolved against the FHIR base).</summary>
    public bool RelativeEndpoints { get; set; }

    public bool AdvertisesPkce { get; set; } = true;

    /// <summary>The scope granted; null grants what was asked.</summary>
    public string? GrantedScope { get; set; }

    public bool SendsPatient { get; set; } = true;

    public IdTokenKind IdToken { get; set; } = IdTokenKind.Valid;

    /// <summary>An OAuth error for the token endpoint to answer (e.g. invalid_grant); null answers tokens.</summary>
    public string? TokenError { get; set; }

    public int RequestCount;

    /// <summary>Requests for the SMART well-known document (discovery only asks for it).</summary>
    public int SmartConfigurationCount;

    /// <summary>Requests for the CapabilityStatement: discovery's fallback, and the app's pull asking whether $everything is offered.</summary>
    public int CapabilityStatementCount;

    public ConcurrentQueue<Dictionary<string, string>> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();

    public static async Task<FakeEhr> StartAsync(Action<FakeEhr>? configure = null)
    {
        var ehr = new FakeEhr();
        configure?.Invoke(ehr);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        ehr._app = builder.Build();
        ehr._app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref ehr.RequestCount);
            await next(context);
        });
        ehr._app.MapGet("/fhir/.well-known/smart-configuration", ehr.SmartConfiguration);
        ehr._app.MapGet("/fhir/metadata", ehr.CapabilityStatement);
        ehr._app.MapGet("/auth/authorize", (Func<HttpContext, IResult>)ehr.Authorize);
        ehr._app.MapPost("/auth/token", (Func<HttpContext, Task<IResult>>)ehr.TokenAsync);
        ehr._app.MapGet("/jwks", () => Results.Text(new JsonObject { ["keys"] = new JsonArray(Jwk(ehr._key)) }.ToJsonString(), "application/json"));
        ehr._app.MapGet("/fhir/Patient/{id}", (string id, HttpContext http) =>
            id == PatientId && http.Request.Headers.Authorization.ToString().StartsWith("Bearer fake-access-", StringComparison.Ordinal)
                ? Results.Text($$"""{"resourceType":"Patient","id":"{{PatientId}}","name":[{"family":"Hopper","given":["Grace"]}]}""", "application/fhir+json")
                : Results.StatusCode(StatusCodes.Status401Unauthorized));
        await ehr._app.StartAsync(TestContext.Current.CancellationToken);
        ehr.Root = SmartReasoningServer.BaseUrl(ehr._app);
        return ehr;
    }

    private IResult SmartConfiguration()
    {
        Interlocked.Increment(ref SmartConfigurationCount);
        if (!ServesSmartConfiguration) return Results.NotFound();
        var document = new JsonObject
        {
            ["issuer"] = Root,
            ["jwks_uri"] = Root + "/jwks",
            ["authorization_endpoint"] = Root + "/auth/authorize",
            ["token_endpoint"] = Root + "/auth/token",
            ["capabilities"] = new JsonArray("launch-ehr", "launch-standalone", "client-public", "sso-openid-connect"),
        };
        if (AdvertisesPkce) document["code_challenge_methods_supported"] = new JsonArray("S256");
        return Results.Json(document);
    }

    private IResult CapabilityStatement()
    {
        Interlocked.Increment(ref CapabilityStatementCount);
        if (!ServesCapabilityStatement) return Results.NotFound();
        string Uri(string path) => RelativeEndpoints ? path : Root + path;
        return Results.Text(new JsonObject
        {
            ["resourceType"] = "CapabilityStatement",
            ["status"] = "active",
            ["kind"] = "instance",
            ["fhirVersion"] = "4.0.1",
            ["rest"] = new JsonArray(new JsonObject
            {
                ["mode"] = "server",
                ["security"] = new JsonObject
                {
                    ["extension"] = new JsonArray(
                        new JsonObject
                        {
                            ["url"] = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                            ["extension"] = new JsonArray(
                                new JsonObject { ["url"] = "authorize", ["valueUri"] = Uri("/auth/authorize") },
                                new JsonObject { ["url"] = "token", ["valueUri"] = Uri("/auth/token") }),
                        },
                        new JsonObject { ["url"] = "http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities", ["valueCode"] = "launch-standalone" }),
                },
            }),
        }.ToJsonString(), "application/fhir+json");
    }

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        AuthorizeRequests.Enqueue(query);
        var code = $"fake-code-{Interlocked.Increment(ref _codes)}-{Guid.NewGuid():N}";
        _nonceByCode[code] = query.GetValueOrDefault("nonce");
        _scopeByCode[code] = query.GetValueOrDefault("scope") ?? "";
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"], new Dictionary<string, string?> { ["code"] = code, ["state"] = query.GetValueOrDefault("state") }));
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        TokenRequests.Enqueue(form);
        if (TokenError is not null) return Results.Json(new JsonObject { ["error"] = TokenError, ["error_description"] = "the fake EHR refuses" }, statusCode: 400);
        var code = form.GetValueOrDefault("code") ?? "";
        var scope = GrantedScope ?? _scopeByCode.GetValueOrDefault(code) ?? "";
        var body = new JsonObject
        {
            ["access_token"] = "fake-access-" + Guid.NewGuid().ToString("N"),
            ["token_type"] = "bearer", // lower case, as some servers send it
            ["expires_in"] = 3600,
            ["scope"] = scope,
            ["refresh_token"] = "fake-refresh-" + Guid.NewGuid().ToString("N"),
        };
        if (SendsPatient) body["patient"] = PatientId;
        if (IdToken != IdTokenKind.None && form.GetValueOrDefault("grant_type") == "authorization_code") body["id_token"] = SignIdToken(_nonceByCode.GetValueOrDefault(code));
        return Results.Json(body);
    }

    private string SignIdToken(string? nonce)
    {
        var now = DateTime.UtcNow;
        var (issuedAt, expires) = IdToken switch
        {
            IdTokenKind.Expired => (now.AddHours(-2), now.AddHours(-1)),
            IdTokenKind.IssuedInFuture => (now.AddMinutes(30), now.AddHours(2)),
            _ => (now, now.AddHours(1)),
        };
        var claims = new Dictionary<string, object> { ["sub"] = "Practitioner/fake-doc", ["fhirUser"] = FhirBase + "/Practitioner/fake-doc" };
        var sentNonce = IdToken == IdTokenKind.WrongNonce ? "not-the-nonce-you-sent" : nonce;
        if (sentNonce is not null) claims["nonce"] = sentNonce;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IdToken == IdTokenKind.WrongIssuer ? "http://127.0.0.1:1/someone-else" : Root,
            Audience = IdToken == IdTokenKind.WrongAudience ? "another-app" : ClientId,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Claims = claims,
            // A wrong signature: another key under the kid of the published one.
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(IdToken == IdTokenKind.WrongKey ? _otherKey : _key) { KeyId = "fake-rs" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static JsonObject Jwk(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["kid"] = "fake-rs", ["alg"] = "RS256", ["use"] = "sig", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }

    public enum IdTokenKind { None, Valid, WrongKey, WrongAudience, WrongIssuer, Expired, IssuedInFuture, WrongNonce }
}
