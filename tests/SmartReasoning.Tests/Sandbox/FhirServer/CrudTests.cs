using System.Net;
using System.Text.Json;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>Read, vread, create, update, delete and history through HTTP.</summary>
public sealed class CrudTests : SandboxHost
{
    private const string Patient = """{"resourceType":"Patient","name":[{"family":"Chalmers","given":["Peter"]}],"gender":"male","birthDate":"1974-12-25"}""";

    private async Task<string> CreatePatientAsync()
    {
        var (response, body) = await PostAsync("Patient", Patient);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_assigns_an_id_and_version_1_and_says_where()
    {
        var (response, body) = await PostAsync("Patient", Patient);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetString();
        Assert.Equal($"{FhirBase}/Patient/{id}/_history/1", response.Headers.Location!.ToString());
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        Assert.Equal("1", body.GetProperty("meta").GetProperty("versionId").GetString());
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Read_returns_what_was_created_and_unknown_ids_and_types_are_404_outcomes()
    {
        var id = await CreatePatientAsync();

        var (read, body) = await GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Chalmers", body.GetProperty("name")[0].GetProperty("family").GetString());

        var (missing, outcome) = await GetAsync("Patient/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal("not-found", outcome.GetProperty("issue")[0].GetProperty("code").GetString());

        var (unknownType, typeOutcome) = await GetAsync("Patientz/1");
        Assert.Equal(HttpStatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal("not-supported", typeOutcome.GetProperty("issue")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Update_makes_a_new_version_and_vread_still_returns_the_old_one()
    {
        var id = await CreatePatientAsync();
        var changed = Patient.Replace("{\"resourceType\":\"Patient\",", $"{{\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal).Replace("Chalmers", "Windsor", StringComparison.Ordinal);

        var (update, body) = await PutAsync($"Patient/{id}", changed, ifMatch: "W/\"1\"");
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("2", body.GetProperty("meta").GetProperty("versionId").GetString());

        var (v1, old) = await GetAsync($"Patient/{id}/_history/1");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("Chalmers", old.GetProperty("name")[0].GetProperty("family").GetString());
        var (_, current) = await GetAsync($"Patient/{id}");
        Assert.Equal("Windsor", current.GetProperty("name")[0].GetProperty("family").GetString());
    }

    [Fact]
    public async Task Update_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var id = await CreatePatientAsync();
        var changed = Patient.Replace("{\"resourceType\":\"Patient\",", $"{{\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal);

        var (response, outcome) = await PutAsync($"Patient/{id}", changed, ifMatch: "W/\"7\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Equal(1, Store.Read("Patient", id)!.VersionId);
    }

    [Fact]
    public async Task Update_whose_body_id_differs_from_the_url_is_400_and_update_of_a_new_id_creates()
    {
        var (mismatch, _) = await PutAsync("Patient/abc", Patient.Replace("{\"resourceType\":\"Patient\",", "{\"resourceType\":\"Patient\",\"id\":\"xyz\",", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        var (created, body) = await PutAsync("Patient/abc", Patient.Replace("{\"resourceType\":\"Patient\",", "{\"resourceType\":\"Patient\",\"id\":\"abc\",", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("abc", body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Delete_makes_reads_410_keeps_old_versions_and_shows_in_history()
    {
        var id = await CreatePatientAsync();

        var (deleted, _) = await SendAsync(HttpMethod.Delete, $"Patient/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var (gone, outcome) = await GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("deleted", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        var (v1, _) = await GetAsync($"Patient/{id}/_history/1");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);

        var (history, bundle) = await GetAsync($"Patient/{id}/_history");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal("history", bundle.GetProperty("type").GetString());
        var entries = bundle.GetProperty("entry").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("DELETE", entries[0].GetProperty("request").GetProperty("method").GetString());
        Assert.Equal("POST", entries[1].GetProperty("request").GetProperty("method").GetString());
    }

    [Fact]
    public async Task Bad_bodies_get_400_outcomes_and_store_nothing()
    {
        var (malformed, outcome) = await PostAsync("Patient", """{"resourceType":"Patient","name":[""");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("JSON100", outcome.ToString(), StringComparison.Ordinal);

        var (wrongType, _) = await PostAsync("Patient", """{"resourceType":"Observation","status":"final","code":{"text":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var (unknownElement, unknownOutcome) = await PostAsync("Patient", """{"resourceType":"Patient","nickname":"Pete"}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknownElement.StatusCode);
        Assert.Contains("JSON120", unknownOutcome.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task Capability_statement_is_truthful_about_fhir_version_and_interactions()
    {
        var (response, body) = await GetAsync("metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CapabilityStatement", body.GetProperty("resourceType").GetString());
        Assert.Equal("4.0.1", body.GetProperty("fhirVersion").GetString());
        var patient = body.GetProperty("rest")[0].GetProperty("resource").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "Patient");
        var interactions = patient.GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("read", interactions);
        Assert.Contains("history-instance", interactions);
        Assert.Contains("transaction", body.GetProperty("rest")[0].GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }
}

/// <summary>A body over the configured limit is refused with a 413 outcome, without being read whole.</summary>
public sealed class BodyLimitTests : SandboxHost
{
    protected override SmartReasoning.Sandbox.SandboxOptions Options => new() { Port = 0, Open = true, MaxBodyBytes = 10_000 };

    [Fact]
    public async Task Body_over_the_limit_is_413_with_an_outcome()
    {
        var big = """{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">""" + new string('x', 50_000) + "</div>\"}}";

        var (response, outcome) = await PostAsync("Patient", big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("JSON101", outcome.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Store.Count);
    }
}
