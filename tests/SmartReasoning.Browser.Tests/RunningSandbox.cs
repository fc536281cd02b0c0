using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Browser.Tests;

/// <summary>A sandbox EHR started on a free loopback port for one test (loaded as the options say, the cohort by
/// default), with its store at hand for assertions.</summary>
internal sealed class RunningSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningSandbox(WebApplication app, FhirResourceStore store)
    {
        _app = app;
        Store = store;
        Root = SandboxServer.BaseUrl(app);
    }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string Root { get; }

    public string FhirBase => Root + "/fhir";

    public FhirResourceStore Store { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningSandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var store = new FhirResourceStore();
        SandboxData.Populate(store, options);
        var app = SandboxServer.Build(options with { Port = 0 }, store);
        await app.StartAsync(cancellationToken);
        return new RunningSandbox(app, store);
    }

    /// <summary>A cohort patient with a given and a family name, and that name as the test app shows it.</summary>
    public CohortPatient SomePatient()
    {
        foreach (var stored in Store.Current("Patient").OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (stored.Resource is not Patient patient || patient.Name.Count == 0) continue;
            var name = patient.Name[0];
            if (name.Family?.Value is not { } family || name.Given.Count == 0) continue;
            var display = string.Join(' ', name.Given.Select(g => g.Value).Append(family));
            return new CohortPatient(stored.Id, display, family);
        }
        throw new InvalidOperationException("The sandbox holds no patient with a name: is the cohort loaded?");
    }

    /// <summary>Checks that this sandbox's FHIR server refuses a read without a token, so a read the app managed was authorized.</summary>
    public async Task AssertTokensEnforcedAsync(CohortPatient patient, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{FhirBase}/Patient/{patient.Id}", cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A patient of the sandbox: its id, its first name as "Given Family", and the family name.</summary>
internal sealed record CohortPatient(string Id, string DisplayName, string Family);
