using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartReasoning.Tests.Pull;

/// <summary>
/// A misbehaving FHIR server for pull tests, on Kestrel at 127.0.0.1 on a free port. By default it serves patient
/// "p1": one resource per searched type (a MedicationRequest referring to Medication/med-1), and a CapabilityStatement
/// with or without <c>$everything</c>. <see cref="Misbehave"/> answers a request instead when it returns a result
/// (given the request and how many times that path and query was asked before). Every request is recorded.
/// </summary>
public sealed class FakeFhirServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private FakeFhirServer(WebApplication app) => _app = app;

    public string FhirBase { get; private set; } = "";

    public bool OffersEverything { get; set; }

    /// <summary>Path and query of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Func<HttpContext, int, Task<IResult?>> Misbehave { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    public static async Task<FakeFhirServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeFhirServer(app);
        app.Map("/fhir/{**path}", async (string path, HttpContext http) =>
        {
            var key = $"{path}{http.Request.QueryString}";
            fake.Requests.Enqueue(key);
            var before = fake._calls.AddOrUpdate(key, 0, (_, n) => n + 1);
            return await fake.Misbehave(http, before) ?? fake.Serve(path, http.Request);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.FhirBase = address.TrimEnd('/') + "/fhir";
        return fake;
    }

    public int CountOf(string pathStart) => Requests.Count(r => r.StartsWith(pathStart, StringComparison.Ordinal));

    public static IResult Fhir(string json, int status = 200) => Results.Text(json, "application/fhir+json", statusCode: status);

    public static string Searchset(string entries, string? next = null)
    {
        var link = next is null ? "" : "{\"relation\":\"next\",\"url\":\"" + next + "\"}";
        return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[" + link + "],\"entry\":[" + entries + "]}";
    }

    public static string Match(string resource) => $$$"""{"resource":{{{resource}}},"search":{"mode":"match"}}""";

    private IResult Serve(string path, HttpRequest request)
    {
        if (path == "metadata") return Fhir(CapabilityStatement(OffersEverything));
        if (path == "Patient/p1") return Fhir(PatientJson);
        if (path == "Medication/med-1") return Fhir("""{"resourceType":"Medication","id":"med-1","code":{"text":"metformin 500 mg"}}""");
        if (path == "Patient/p1/$everything")
            return Fhir(Searchset($"{Match(PatientJson)},{Match(ResourceOf("Condition", "Condition-1"))}"));
        if (!path.Contains('/', StringComparison.Ordinal) && request.Query["patient"] == "p1")
        {
            var id = path == "Observation" ? $"obs-{request.Query["category"].ToString().Split('|')[^1]}" : $"{path}-1";
            return Fhir(Searchset(Match(ResourceOf(path, id))));
        }
        return Fhir("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}""", 404);
    }

    private const string PatientJson = """{"resourceType":"Patient","id":"p1","gender":"female"}""";

    public static string ResourceOf(string type, string id) => type switch
    {
        "MedicationRequest" => $$$"""{"resourceType":"MedicationRequest","id":"{{{id}}}","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationReference":{"reference":"Medication/med-1"}}""",
        _ => $$"""{"resourceType":"{{type}}","id":"{{id}}"}""",
    };

    private static string CapabilityStatement(bool everything)
    {
        var operation = everything ? ",\"operation\":[{\"name\":\"everything\",\"definition\":\"http://hl7.org/fhir/OperationDefinition/Patient-everything\"}]" : "";
        return "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"date\":\"2026-01-01\",\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"],"
            + "\"rest\":[{\"mode\":\"server\",\"resource\":[{\"type\":\"Patient\",\"interaction\":[{\"code\":\"read\"}]" + operation + "}]}]}";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
