using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartReasoning.Tests.Reason.Model;

/// <summary>One request the fake received: its headers (names lower-cased) and body.</summary>
public sealed record RecordedRequest(IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>What the fake answers: a status, a body, headers, and how long it waits before answering.</summary>
public sealed record FakeReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default);

/// <summary>
/// An in-process Azure AI Foundry endpoint on Kestrel at 127.0.0.1 (free port), speaking the OpenAI-compatible wire
/// format at <c>POST /openai/v1/chat/completions</c>. It answers with the scripted replies in order (the last one again
/// once they run out) and records every request.
/// </summary>
public sealed class FakeFoundry : IAsyncDisposable
{
    public const string ServedModel = "gpt-5-2025-08-07";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private FakeReply _last = new(404, "{}");
    private X509Certificate2? _certificate;

    private FakeFoundry(WebApplication app) => _app = app;

    /// <summary>The base a client is configured with: <c>http://127.0.0.1:port/openai/v1/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public RecordedRequest Single => Assert.Single(Requests);

    /// <summary>Called with the number of requests so far as each one arrives (before it is answered).</summary>
    public Action<int>? OnRequest { get; set; }

    /// <summary>Over https, a transport that trusts exactly the fake's self-signed certificate; null over http.</summary>
    public PipelineTransport? TrustingTransport { get; private set; }

    public static Task<FakeFoundry> StartAsync(params FakeReply[] replies) => StartAsync(https: false, replies);

    public static async Task<FakeFoundry> StartAsync(bool https, params FakeReply[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var certificate = https ? SelfSigned() : null;
        if (certificate is null) builder.WebHost.UseUrls("http://127.0.0.1:0");
        else builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeFoundry(app) { _certificate = certificate };
        if (certificate is not null)
        {
            var thumbprint = certificate.Thumbprint;
#pragma warning disable CA2000 // the transport owns the client and its handler for the test's lifetime
            var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
            fake.TrustingTransport = new HttpClientPipelineTransport(new HttpClient(handler));
#pragma warning restore CA2000
        }
        fake.Script(replies);
        app.MapPost("/openai/v1/chat/completions", fake.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/openai/v1/");
        return fake;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public void Script(params FakeReply[] replies)
    {
        foreach (var reply in replies) _script.Enqueue(reply);
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        Requests.Enqueue(new RecordedRequest(
            http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal), body));
        OnRequest?.Invoke(Requests.Count);
        var reply = _script.TryDequeue(out var next) ? _last = next : _last;
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, http.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        http.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) http.Response.Headers[name] = value;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(reply.Body, http.RequestAborted);
    }

    /// <summary>A <c>chat.completion</c> whose first choice says <paramref name="content"/>.</summary>
    public static FakeReply Completion(string? content, string finishReason = "stop", int promptTokens = 1234, int completionTokens = 56) =>
        new(200, JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake-1",
            @object = "chat.completion",
            created = 1_763_800_000,
            model = ServedModel,
            choices = new[] { new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, finish_reason = finishReason } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        }));

    /// <summary>Azure's 400 when the content filter refuses the prompt.</summary>
    public static FakeReply ContentFilterError() => new(400, """
        {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,
         "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":true,"severity":"medium"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}}}
        """);

    public static FakeReply Error(int status, string code = "error", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, $$$"""{"error":{"code":"{{{code}}}","message":"fake {{{status}}}"}}""", headers);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _certificate?.Dispose();
    }
}
