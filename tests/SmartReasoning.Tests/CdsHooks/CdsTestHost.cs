using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmartReasoning.CdsHooks;
using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Server;
using SmartReasoning.Tests.Launch;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// SmartReasoning on a free loopback port with one trusted CDS client (<see cref="Issuer"/>, an ES384 key made at test
/// time and given inline), its log captured; signs JWTs as that client (or as told) and posts hook requests. Its own
/// data (the write-back outbox, audit) is in a temporary folder, and nothing queued is delivered.
/// </summary>
public sealed class CdsTestHost : IAsyncDisposable
{
    public const string Issuer = "https://ehr.example.test";
    public const string KeyId = "test-es384";

    private CdsTestHost()
    {
    }

    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public ECDsaSecurityKey SecurityKey => new(Key) { KeyId = KeyId };

    public CapturedLogs Logs { get; } = new();

    public WebApplication Service { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; } = new();

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("smartreasoning-cds-").FullName;

    public T Get<T>() where T : notnull => Service.Services.GetRequiredService<T>();

    public static async Task<CdsTestHost> StartAsync(Func<CdsHooksOptions, CdsHooksOptions>? configure = null, TimeProvider? clock = null, Func<ServerOptions, ServerOptions>? server = null)
    {
        var host = new CdsTestHost();
        var options = new CdsHooksOptions { Clients = [host.Client] };
        var serverOptions = new ServerOptions
        {
            Port = 0,
            CdsHooks = configure?.Invoke(options) ?? options,
            Clock = clock ?? TimeProvider.System,
            DataFolder = host.DataFolder,
            DeliverWriteBacks = false,
        };
        host.Service = SmartReasoningServer.Build(server?.Invoke(serverOptions) ?? serverOptions);
        host.Service.Services.GetRequiredService<ILoggerFactory>().AddProvider(host.Logs);
        await host.Service.StartAsync(TestContext.Current.CancellationToken);
        host.BaseUrl = SmartReasoningServer.BaseUrl(host.Service);
        return host;
    }

    /// <summary>The trusted client as SmartReasoning knows it: <see cref="Issuer"/> with <see cref="Key"/>'s public half inline.</summary>
    public CdsClient Client => new() { Issuer = Issuer, Jwks = new JsonWebKeySet(Jwks(Key, KeyId).ToJsonString()) };

    public static JsonObject Jwks(ECDsa key, string kid)
    {
        var p = key.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES384", ["kid"] = kid, ["crv"] = "P-384",
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            }),
        };
    }

    public string ServiceUrl(string id) => $"{BaseUrl}/cds-services/{id}";

    /// <summary>A JWT as the trusted client signs it for <paramref name="audience"/>; <paramref name="tweak"/> changes the descriptor first.</summary>
    public string Sign(string audience, Action<SecurityTokenDescriptor>? tweak = null, SigningCredentials? credentials = null) =>
        SignAs(credentials ?? new SigningCredentials(SecurityKey, SecurityAlgorithms.EcdsaSha384), audience, tweak);

    /// <summary>A JWT as a client signing with <paramref name="credentials"/> sends it (iss <see cref="Issuer"/>, a fresh jti, 5 minutes' life).</summary>
    public static string SignAs(SigningCredentials credentials, string audience, Action<SecurityTokenDescriptor>? tweak = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "ehr-client", ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = credentials,
            TokenType = "JWT",
        };
        tweak?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the claims a signed one would have.</summary>
    public static string Unsigned(string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT","kid":"test-es384"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{Issuer}}","aud":"{{audience}}","iat":{{now}},"exp":{{now + 300}},"jti":"{{Guid.NewGuid():N}}"}""");
        return $"{header}.{payload}.";
    }

    public Task<HttpResponseMessage> PostHookAsync(string id, JsonNode body, string? token = null, bool sign = true) =>
        PostAsync(ServiceUrl(id), body, token ?? (sign ? Sign(ServiceUrl(id)) : null));

    public async Task<HttpResponseMessage> PostAsync(string url, JsonNode body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a hook request and reads the 200 answer's JSON (fails the test on any other status).</summary>
    public async Task<JsonObject> CardsAsync(string id, JsonNode body)
    {
        using var response = await PostHookAsync(id, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Service.DisposeAsync();
        Key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A database file still held open; the system cleans its temporary folder.
        }
    }
}
