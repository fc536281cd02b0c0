using System.Net;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>Reads, vreads and history: the grant's types, permissions, patient and granular queries decide; 403 outside them.</summary>
public sealed class ReadAccessTests : EnforcingSandbox
{
    [Theory]
    [InlineData("Patient/alice")]
    [InlineData("Observation/obs-alice-lab")]
    [InlineData("Observation/obs-alice-vitals")]
    [InlineData("Condition/cond-alice")]
    [InlineData("Encounter/enc-alice")]
    public async Task A_patient_scope_reads_the_patient_in_context_and_their_compartment(string path)
    {
        var (response, body) = await GetAsync(path, Token("patient/*.rs"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path.Split('/')[1], body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("Patient/bob")]
    [InlineData("Observation/obs-bob-lab")]
    public async Task Another_patients_resources_are_forbidden(string path)
    {
        var (response, body) = await GetAsync(path, Token("patient/*.rs"));
        AssertForbidden(response, body, "outside what the access token may read");
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_token_for_bob_reads_bob_and_not_alice()
    {
        var token = Token("patient/*.rs", patient: "bob");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-bob-lab", token)).Response.StatusCode);
        var (response, body) = await GetAsync("Observation/obs-alice-lab", token);
        AssertForbidden(response, body);
    }

    [Fact]
    public async Task A_type_outside_the_scopes_is_forbidden_even_for_the_patient_in_context()
    {
        var (response, body) = await GetAsync("Condition/cond-alice", Token("patient/Observation.rs patient/Patient.rs"));
        AssertForbidden(response, body, "do not permit reading Condition");
    }

    [Fact]
    public async Task Resources_in_no_patient_compartment_need_a_user_or_system_scope()
    {
        var (patientScoped, body) = await GetAsync("Practitioner/doc", Token("patient/*.rs"));
        AssertForbidden(patientScoped, body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Practitioner/doc", Token("patient/*.rs user/Practitioner.rs"))).Response.StatusCode);
    }

    [Theory]
    [InlineData("patient/Observation.read")]
    [InlineData("patient/Observation.rs")]
    [InlineData("patient/Observation.r")]
    [InlineData("patient/Observation.*")]
    [InlineData("patient/Observation.cruds")]
    [InlineData("patient/*.read")]
    [InlineData("patient/*.*")]
    public async Task V1_and_v2_scopes_with_read_permission_read(string scope) =>
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-alice-lab", Token(scope))).Response.StatusCode);

    [Theory]
    [InlineData("patient/Observation.s")]
    [InlineData("patient/Observation.write")]
    [InlineData("patient/Observation.cud")]
    [InlineData("launch openid fhirUser")]
    [InlineData("")]
    public async Task Scopes_without_read_permission_do_not_read(string scope)
    {
        var (response, body) = await GetAsync("Observation/obs-alice-lab", Token(scope));
        AssertForbidden(response, body, "do not permit reading Observation");
    }

    [Fact]
    public async Task A_granular_category_scope_reads_lab_observations_and_not_vital_signs()
    {
        var token = Token(LabOnly);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-alice-lab", token)).Response.StatusCode);
        var (response, body) = await GetAsync("Observation/obs-alice-vitals", token);
        AssertForbidden(response, body);
    }

    [Fact]
    public async Task A_granular_scope_beside_an_unrestricted_one_adds_nothing_and_takes_nothing()
    {
        var token = Token($"{LabOnly} patient/Observation.r");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-alice-vitals", token)).Response.StatusCode);
    }

    [Theory]
    [InlineData("user/Observation.rs", "Observation/obs-bob-lab")]
    [InlineData("user/*.read", "Patient/bob")]
    [InlineData("system/*.rs", "Observation/obs-bob-lab")]
    [InlineData("system/Practitioner.r", "Practitioner/doc")]
    public async Task User_and_system_scopes_reach_every_resource_of_their_types(string scope, string path) =>
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, Token(scope, patient: null))).Response.StatusCode);

    [Fact]
    public async Task A_patient_scope_without_a_patient_in_context_reaches_nothing()
    {
        var (response, body) = await GetAsync("Patient/alice", Token("patient/*.rs", patient: null));
        AssertForbidden(response, body);
    }

    [Fact]
    public async Task A_missing_resource_of_a_permitted_type_is_404_and_of_another_type_403()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("Observation/nope", Token("patient/Observation.rs"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("Condition/nope", Token("patient/Observation.rs"))).Response.StatusCode);
    }

    [Fact]
    public async Task Vread_and_history_of_another_patients_resource_are_forbidden()
    {
        var token = Token("patient/*.rs");
        await AssertForbiddenAsync("Observation/obs-bob-lab/_history/1", token);
        await AssertForbiddenAsync("Observation/obs-bob-lab/_history", token);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-alice-lab/_history", token)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/obs-alice-lab/_history/1", token)).Response.StatusCode);
    }

    [Fact]
    public async Task A_resource_moved_to_another_patient_shows_each_patient_only_their_own_versions()
    {
        Write(Observation("moved", "alice", "laboratory", "4548-4"));
        Write(Observation("moved", "bob", "laboratory", "4548-4"));
        var alice = Token("patient/*.rs");

        await AssertForbiddenAsync("Observation/moved", alice);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("Observation/moved/_history/1", alice)).Response.StatusCode);
        await AssertForbiddenAsync("Observation/moved/_history/2", alice);
        var (history, body) = await GetAsync("Observation/moved/_history", alice);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        var versions = body.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("meta").GetProperty("versionId").GetString()).ToList();
        Assert.Equal(["1"], versions);
        Assert.Equal(1, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_deleted_resource_is_gone_for_its_patient_and_forbidden_for_others()
    {
        Store.Delete("Observation", "obs-bob-lab");
        Assert.Equal(HttpStatusCode.Gone, (await GetAsync("Observation/obs-bob-lab", Token("patient/*.rs", patient: "bob"))).Response.StatusCode);
        await AssertForbiddenAsync("Observation/obs-bob-lab", Token("patient/*.rs"));
    }
}
