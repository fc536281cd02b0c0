using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.Server;

namespace SmartReasoning.Tests.Server.Integration;

/// <summary>
/// A tiny OpenID authority in the manner of Entra ID, on a free loopback port: its OpenID configuration and a JWKS
/// holding one RSA key made at test time, with which it signs access tokens (RS256, <c>iss</c> its base URL).
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    public const string KeyId = "test-rsa";

    private readonly WebApplication _app;
    private string _root = "";
    private int _requests;

    /// <summary>Every request the authority has answered (its metadata and keys).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private TestAuthority(WebApplication app) => _app = app;

    public RSA Key { get; } = RSA.Create(2048);

    /// <summary>The issuer and the authority URL SmartReasoning is configured with.</summary>
    public string Issuer { get; private set; } = "";

    public static async Task<TestAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new TestAuthority(app);
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            Interlocked.Increment(ref authority._requests);
            await next(http);
        });
        // Entra ID's shape: the authority and issuer https://login.microsoftonline.com/{tenant}/v2.0, keys beside it.
        app.MapGet("/tenant-1/v2.0/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = authority.Issuer,
            ["jwks_uri"] = authority._root + "/tenant-1/discovery/v2.0/keys",
            ["authorization_endpoint"] = authority._root + "/tenant-1/oauth2/v2.0/authorize",
            ["token_endpoint"] = authority._root + "/tenant-1/oauth2/v2.0/token",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/tenant-1/discovery/v2.0/keys", () =>
        {
            var p = authority.Key.ExportParameters(false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                }),
            });
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        authority._root = SmartReasoningServer.BaseUrl(app);
        authority.Issuer = authority._root + "/tenant-1/v2.0";
        return authority;
    }

    /// <summary>
    /// An access token for <paramref name="audience"/> with <paramref name="claims"/> (<c>scp</c>, <c>roles</c>), valid
    /// for an hour unless <paramref name="expires"/> says otherwise; signed with this authority's key unless <paramref name="key"/> is given.
    /// </summary>
    public string Token(string audience, IDictionary<string, object>? claims = null, string? issuer = null, DateTime? expires = null, RSA? key = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = "integration-client", ["tid"] = "tenant-1" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
