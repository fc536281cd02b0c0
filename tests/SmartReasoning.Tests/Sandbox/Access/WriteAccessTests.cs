using System.Net;
using System.Text.Json;
using SmartReasoning.Tests.Cli;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>Create, update, delete and each entry of a batch or transaction need their permission, within the patient in context and the granular queries.</summary>
public sealed class WriteAccessTests : EnforcingSandbox
{
    private Task<(HttpResponseMessage Response, JsonElement Body)> CreateAsync(string token, string patient, string category = "laboratory") =>
        SendAsync(HttpMethod.Post, "Observation", token, Observation(null, patient, category, "4548-4"));

    private Task<(HttpResponseMessage Response, JsonElement Body)> UpdateAsync(string token, string id, string patient, string category = "laboratory") =>
        SendAsync(HttpMethod.Put, $"Observation/{id}", token, Observation(id, patient, category, "2345-7"));

    private string SubjectOf(string id) => System.Text.Encoding.UTF8.GetString(Store.Read("Observation", id)!.Json!) is var json && json.Contains("Patient/bob", StringComparison.Ordinal) ? "bob" : "alice";

    [Theory]
    [InlineData("patient/*.cruds")]
    [InlineData("patient/Observation.c")]
    [InlineData("patient/*.write")]
    [InlineData("patient/Observation.*")]
    public async Task A_create_permission_creates_in_the_patient_in_context(string scope)
    {
        var (response, body) = await CreateAsync(Token(scope), "alice");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(Store.Read("Observation", body.GetProperty("id").GetString()!));
    }

    [Theory]
    [InlineData("patient/*.rs")]
    [InlineData("patient/*.read")]
    [InlineData("patient/Observation.ud")]
    [InlineData("patient/Condition.cruds")]
    public async Task Creating_without_create_permission_is_forbidden_and_writes_nothing(string scope)
    {
        var (response, body) = await CreateAsync(Token(scope), "alice");
        AssertForbidden(response, body, "do not permit creating Observation");
        Assert.Equal(3, Store.Current("Observation").Count);
    }

    [Fact]
    public async Task Creating_into_another_patients_compartment_is_forbidden()
    {
        var (response, body) = await CreateAsync(Token("patient/*.cruds"), "bob");
        AssertForbidden(response, body, "another patient's compartment");
        Assert.Equal(3, Store.Current("Observation").Count);
    }

    [Fact]
    public async Task Creating_a_resource_outside_every_patient_compartment_needs_a_user_scope()
    {
        const string practitioner = """{"resourceType":"Practitioner","name":[{"family":"New"}]}""";
        var (patientScoped, body) = await SendAsync(HttpMethod.Post, "Practitioner", Token("patient/*.cruds"), practitioner);
        AssertForbidden(patientScoped, body);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "Practitioner", Token("user/Practitioner.c"), practitioner)).Response.StatusCode);
    }

    [Fact]
    public async Task Updating_the_patients_own_resource_is_allowed_and_anothers_is_forbidden()
    {
        var token = Token("patient/*.cruds");
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(token, "obs-alice-lab", "alice")).Response.StatusCode);
        Assert.Equal(2, Store.Read("Observation", "obs-alice-lab")!.VersionId);

        var (response, body) = await UpdateAsync(token, "obs-bob-lab", "bob");
        AssertForbidden(response, body, "outside what the access token may update");
        Assert.Equal(1, Store.Read("Observation", "obs-bob-lab")!.VersionId);
    }

    [Fact]
    public async Task Moving_a_resource_to_another_patient_is_forbidden()
    {
        var (response, body) = await UpdateAsync(Token("patient/*.cruds"), "obs-alice-lab", "bob");
        AssertForbidden(response, body, "another patient's compartment");
        Assert.Equal("alice", SubjectOf("obs-alice-lab"));
    }

    [Fact]
    public async Task Taking_another_patients_resource_is_forbidden_even_when_the_new_content_is_yours()
    {
        var (response, body) = await UpdateAsync(Token("patient/*.cruds"), "obs-bob-lab", "alice");
        AssertForbidden(response, body);
        Assert.Equal("bob", SubjectOf("obs-bob-lab"));
    }

    [Fact]
    public async Task An_update_that_creates_needs_the_create_permission()
    {
        var (response, body) = await UpdateAsync(Token("patient/Observation.u"), "brand-new", "alice");
        AssertForbidden(response, body, "do not permit creating Observation");
        Assert.Null(Store.Read("Observation", "brand-new"));
        Assert.Equal(HttpStatusCode.Created, (await UpdateAsync(Token("patient/Observation.cu"), "brand-new", "alice")).Response.StatusCode);
    }

    [Fact]
    public async Task Updating_without_update_permission_is_forbidden()
    {
        var (response, body) = await UpdateAsync(Token("patient/Observation.crds"), "obs-alice-lab", "alice");
        AssertForbidden(response, body, "do not permit updating Observation");
    }

    [Fact]
    public async Task Deleting_the_patients_own_resource_is_allowed_and_anothers_is_forbidden()
    {
        var token = Token("patient/*.cruds");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "Observation/obs-alice-vitals", token)).Response.StatusCode);
        Assert.True(Store.Read("Observation", "obs-alice-vitals")!.IsDeleted);

        var (response, body) = await SendAsync(HttpMethod.Delete, "Observation/obs-bob-lab", token);
        AssertForbidden(response, body, "outside what the access token may delete");
        Assert.False(Store.Read("Observation", "obs-bob-lab")!.IsDeleted);
    }

    [Fact]
    public async Task Deleting_without_delete_permission_is_forbidden()
    {
        var (response, body) = await SendAsync(HttpMethod.Delete, "Observation/obs-alice-lab", Token("patient/*.cru"));
        AssertForbidden(response, body, "do not permit deleting Observation");
        Assert.False(Store.Read("Observation", "obs-alice-lab")!.IsDeleted);
    }

    [Fact]
    public async Task A_granular_scope_writes_only_what_matches_its_query()
    {
        var token = Token("patient/Observation.cruds?category=" + LabCategory);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(token, "alice")).Response.StatusCode);
        var (vitals, vitalsBody) = await CreateAsync(token, "alice", "vital-signs");
        AssertForbidden(vitals, vitalsBody);
        var (turned, turnedBody) = await UpdateAsync(token, "obs-alice-lab", "alice", "vital-signs");
        AssertForbidden(turned, turnedBody);
        var (deleted, deletedBody) = await SendAsync(HttpMethod.Delete, "Observation/obs-alice-vitals", token);
        AssertForbidden(deleted, deletedBody);
    }

    [Fact]
    public async Task A_conditional_create_does_not_match_what_the_grant_cannot_see()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "Observation", Token("patient/*.cruds"), Observation(null, "alice", "laboratory", "4548-4"), ifNoneExist: "_id=obs-bob-lab");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual("obs-bob-lab", body.GetProperty("id").GetString());
    }

    private static string Bundle(string type, params string[] entries) =>
        $$"""{"resourceType":"Bundle","type":"{{type}}","entry":[{{string.Join(",", entries)}}]}""";

    private static string Post(string patient, string category = "laboratory") =>
        $$$"""{"resource":{{{Observation(null, patient, category, "4548-4")}}},"request":{"method":"POST","url":"Observation"}}""";

    private static string Request(string method, string url) => $$$"""{"request":{"method":"{{{method}}}","url":"{{{url}}}"}}""";

    [Fact]
    public async Task A_transaction_with_one_entry_outside_the_grant_is_refused_whole()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "", Token("patient/*.cruds"), Bundle("transaction", Post("alice"), Post("bob")));

        AssertForbidden(response, body, "entry 1");
        Assert.Equal(3, Store.Current("Observation").Count);
    }

    [Theory]
    [InlineData("DELETE", "Observation/obs-bob-lab")]
    [InlineData("GET", "Observation/obs-bob-lab")]
    [InlineData("GET", "Condition/cond-alice")]
    public async Task A_transaction_that_reads_or_deletes_outside_the_grant_is_refused(string method, string url)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "", Token("patient/Observation.cruds"), Bundle("transaction", Post("alice"), Request(method, url)));
        AssertForbidden(response, body, "entry 1");
        Assert.Equal(3, Store.Current("Observation").Count);
    }

    [Fact]
    public async Task A_transaction_within_the_grant_is_applied()
    {
        var put = $$$"""{"resource":{{{Observation("obs-alice-lab", "alice", "laboratory", "2345-7")}}},"request":{"method":"PUT","url":"Observation/obs-alice-lab"}}""";
        var (response, _) = await SendAsync(HttpMethod.Post, "", Token("patient/*.cruds"),
            Bundle("transaction", Post("alice"), put, Request("DELETE", "Observation/obs-alice-vitals"), Request("GET", "Patient/alice")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Store.Read("Observation", "obs-alice-lab")!.VersionId);
        Assert.True(Store.Read("Observation", "obs-alice-vitals")!.IsDeleted);
    }

    [Fact]
    public async Task A_transaction_cannot_create_a_patient_and_records_for_it_under_a_patient_scope()
    {
        const string patient = """{"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}}""";
        const string observation = """{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}},"request":{"method":"POST","url":"Observation"}}""";
        var (response, body) = await SendAsync(HttpMethod.Post, "", Token("patient/*.cruds"), Bundle("transaction", patient, observation));

        AssertForbidden(response, body, "entry 0");
        Assert.Equal(2, Store.Current("Patient").Count);
    }

    [Fact]
    public async Task A_batch_refuses_each_entry_outside_the_grant_and_runs_the_others()
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "", Token("patient/*.cruds"),
            Bundle("batch", Post("alice"), Post("bob"), Request("GET", "Observation/obs-bob-lab"), Request("GET", "Observation/obs-alice-lab"), Request("DELETE", "Observation/obs-bob-lab")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = body.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("status").GetString()![..3]).ToList();
        Assert.Equal(["201", "403", "403", "200", "403"], statuses);
        Assert.Equal("forbidden", body.GetProperty("entry")[1].GetProperty("response").GetProperty("outcome").GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Equal(4, Store.Current("Observation").Count);
        Assert.False(Store.Read("Observation", "obs-bob-lab")!.IsDeleted);
    }

    [Fact]
    public async Task Sandbox_load_sends_the_token_it_is_given()
    {
        var folder = Directory.CreateTempSubdirectory("sr-load-token-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "bundle.json"),
                Bundle("transaction", """{"resource":{"resourceType":"Patient","id":"loaded"},"request":{"method":"PUT","url":"Patient/loaded"}}"""),
                TestContext.Current.CancellationToken);

            var (refused, refusedOutput) = await FhirRoundTripCommandTests.RunAsync("sandbox", "load", folder, "--fhir-base", FhirBase);
            Assert.Equal(1, refused);
            Assert.Contains("bundle.json: 401", refusedOutput, StringComparison.Ordinal);
            Assert.Null(Store.Read("Patient", "loaded"));

            var (exit, output) = await FhirRoundTripCommandTests.RunAsync("sandbox", "load", folder, "--fhir-base", FhirBase, "--token", Token("system/*.cruds", patient: null));
            Assert.Equal(0, exit);
            Assert.Contains("bundle.json: 200", output, StringComparison.Ordinal);
            Assert.NotNull(Store.Read("Patient", "loaded"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
