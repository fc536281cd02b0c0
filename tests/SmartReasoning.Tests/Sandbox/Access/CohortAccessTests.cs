using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>On the synthetic cohort (12 patients with full records), a patient-scoped token sees exactly its patient's compartment.</summary>
public sealed class CohortAccessTests : EnforcingCohortSandbox
{
    private async Task<JsonElement> GetOkAsync(string path, string token)
    {
        var (response, body) = await GetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    [Fact]
    public async Task A_patient_token_searches_exactly_what_a_system_token_finds_for_that_patient()
    {
        var patients = Store.Current("Patient").Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(12, patients.Count);
        var patient = patients[3];
        var system = Token("system/*.rs", patient: null);
        var own = Token("patient/*.rs", patient);

        foreach (var type in new[] { "Observation", "Condition", "MedicationRequest", "Encounter", "AllergyIntolerance" })
        {
            var expected = (await GetOkAsync($"{type}?patient={patient}&_summary=count", system)).GetProperty("total").GetInt32();
            Assert.Equal(expected, (await GetOkAsync($"{type}?_summary=count", own)).GetProperty("total").GetInt32());
        }

        var labs = (await GetOkAsync($"Observation?patient={patient}&category=laboratory&_summary=count", system)).GetProperty("total").GetInt32();
        var vitals = (await GetOkAsync($"Observation?patient={patient}&category=vital-signs&_summary=count", system)).GetProperty("total").GetInt32();
        Assert.True(labs > 0 && vitals > 0);
        var granular = Token($"patient/Observation.rs?category={LabCategory}", patient);
        Assert.Equal(labs, (await GetOkAsync("Observation?_summary=count", granular)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetOkAsync("Observation?category=vital-signs&_summary=count", granular)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Everything_for_a_cohort_patient_holds_no_other_patients_data()
    {
        var patients = Store.Current("Patient").Select(p => p.Id).ToList();
        var patient = patients[0];
        var body = await GetOkAsync($"Patient/{patient}/$everything?_count=1000", Token("patient/*.rs", patient));

        var entries = body.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetRawText()).ToList();
        Assert.True(entries.Count > 20);
        Assert.Equal(entries.Count, body.GetProperty("total").GetInt32());
        foreach (var other in patients.Where(p => p != patient))
            Assert.DoesNotContain(entries, json => json.Contains($"Patient/{other}\"", StringComparison.Ordinal) || json.Contains($"\"id\":\"{other}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, json => json.StartsWith("{\"resourceType\":\"Practitioner\"", StringComparison.Ordinal));
    }
}

/// <summary>An enforcing sandbox holding the synthetic cohort.</summary>
public abstract class EnforcingCohortSandbox : SandboxHost
{
    protected EnforcingCohortSandbox() => SandboxData.Populate(Store, new SandboxOptions { LoadCohort = true });

    protected override SandboxOptions Options => new() { Port = 0, Open = false };

    public string Token(string scope, string? patient) =>
        Services.GetRequiredService<SmartReasoning.Sandbox.Authorization.AccessTokenService>().Issue(EnforcingSandbox.Grant(scope, patient), Root, FhirBase);

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string token) =>
        SendAsync(HttpMethod.Get, path, null, r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token));

    public const string LabCategory = EnforcingSandbox.LabCategory;
}
