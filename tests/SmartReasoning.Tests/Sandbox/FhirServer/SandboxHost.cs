using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>A sandbox FHIR server on a free loopback port for one test class, and an HTTP client for it.</summary>
public class SandboxHost : IAsyncLifetime
{
    private WebApplication _app = null!;

    /// <summary>Open (no access token needed) unless a test class enforces tokens; see Sandbox/Access for those.</summary>
    protected virtual SandboxOptions Options => new() { Port = 0, Open = true };

    public FhirResourceStore Store { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The sandbox's services (token issuer, launch contexts, client registry...).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The sandbox root, e.g. http://127.0.0.1:41234.</summary>
    public string Root => FhirBase[..^"/fhir".Length];

    /// <summary>The FHIR base, e.g. http://127.0.0.1:41234/fhir.</summary>
    public string FhirBase { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        _app = SandboxServer.Build(Options, Store);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        FhirBase = SandboxServer.BaseUrl(_app) + "/fhir";
        Client = new HttpClient { BaseAddress = new Uri(FhirBase + "/") };
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));
        configure?.Invoke(request);
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<(HttpResponseMessage Response, JsonElement Body)> PutAsync(string path, string json, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, path, json, r => { if (ifMatch is not null) r.Headers.TryAddWithoutValidation("If-Match", ifMatch); });
}
