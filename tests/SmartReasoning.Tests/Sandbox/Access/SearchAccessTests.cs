using System.Net;
using System.Text.Json;

namespace SmartReasoning.Tests.Sandbox.Access;

/// <summary>Searches return only what the grant reaches (matches, includes, totals, pages); a type without search permission is a 403.</summary>
public sealed class SearchAccessTests : EnforcingSandbox
{
    private async Task<JsonElement> SearchAsync(string query, string token)
    {
        var (response, body) = await GetAsync(query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    [Fact]
    public async Task A_patient_scope_finds_only_the_patient_in_context_and_the_total_counts_them_alone()
    {
        var body = await SearchAsync("Observation", Token("patient/*.rs"));
        Assert.Equal(["Observation/obs-alice-lab", "Observation/obs-alice-vitals"], Entries(body).Order(StringComparer.Ordinal));
        Assert.Equal(2, body.GetProperty("total").GetInt32());

        var patients = await SearchAsync("Patient", Token("patient/*.rs"));
        Assert.Equal(["Patient/alice"], Entries(patients));
    }

    [Fact]
    public async Task Asking_for_another_patient_finds_nothing()
    {
        var body = await SearchAsync("Observation?patient=bob", Token("patient/*.rs"));
        Assert.Empty(Entries(body));
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(0, (await SearchAsync("Observation?patient=bob&_summary=count", Token("patient/*.rs"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Searching_a_type_without_search_permission_is_forbidden()
    {
        var (read, readBody) = await GetAsync("Observation", Token("patient/Observation.r"));
        AssertForbidden(read, readBody, "do not permit searching Observation");
        var (other, otherBody) = await GetAsync("Condition?patient=alice", Token("patient/Observation.rs"));
        AssertForbidden(other, otherBody, "do not permit searching Condition");
        var (post, postBody) = await SendAsync(HttpMethod.Post, "Condition/_search", Token("patient/Observation.rs"));
        AssertForbidden(post, postBody);
    }

    [Theory]
    [InlineData("patient/Observation.read")]
    [InlineData("patient/Observation.s")]
    [InlineData("patient/*.*")]
    public async Task V1_and_v2_scopes_with_search_permission_search(string scope) =>
        Assert.Equal(2, (await SearchAsync("Observation", Token(scope))).GetProperty("total").GetInt32());

    [Fact]
    public async Task A_granular_category_scope_finds_lab_observations_and_not_vital_signs()
    {
        var token = Token(LabOnly);
        var all = await SearchAsync("Observation", token);
        Assert.Equal(["Observation/obs-alice-lab"], Entries(all));
        Assert.Equal(1, all.GetProperty("total").GetInt32());
        Assert.Equal(0, (await SearchAsync("Observation?category=vital-signs", token)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task User_and_system_scopes_search_every_patient()
    {
        Assert.Equal(3, (await SearchAsync("Observation", Token("user/Observation.rs", patient: null))).GetProperty("total").GetInt32());
        Assert.Equal(2, (await SearchAsync("Observation?category=laboratory", Token("system/*.rs", patient: null))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Included_resources_are_only_those_the_grant_may_read()
    {
        const string query = "Observation?_include=Observation:subject&_include=Observation:performer";
        var patientScoped = await SearchAsync(query, Token("patient/*.rs"));
        Assert.Equal(["Patient/alice"], Entries(patientScoped, "include"));

        var observationsOnly = await SearchAsync(query, Token("patient/Observation.rs"));
        Assert.Empty(Entries(observationsOnly, "include"));

        var user = await SearchAsync(query, Token("user/*.rs", patient: null));
        Assert.Equal(["Patient/alice", "Patient/bob", "Practitioner/doc"], Entries(user, "include").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Revincluded_resources_follow_the_granular_scope()
    {
        var body = await SearchAsync("Patient?_revinclude=Observation:subject", Token($"patient/Patient.rs {LabOnly}"));
        Assert.Equal(["Patient/alice"], Entries(body));
        Assert.Equal(["Observation/obs-alice-lab"], Entries(body, "include"));
    }

    [Fact]
    public async Task Pages_hold_the_filtered_set_and_serve_only_the_grant_they_were_made_for()
    {
        for (var i = 0; i < 5; i++)
        {
            Write(Observation($"more-alice-{i}", "alice", "laboratory", "4548-4"));
            Write(Observation($"more-bob-{i}", "bob", "laboratory", "4548-4"));
        }
        var token = Token("patient/*.rs");
        var first = await SearchAsync("Observation?_count=2", token);
        Assert.Equal(7, first.GetProperty("total").GetInt32());

        List<string> seen = [.. Entries(first)];
        var next = NextLink(first);
        var bobsView = next;
        while (next is not null)
        {
            var page = await SearchAsync(next, token);
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            seen.AddRange(Entries(page));
            next = NextLink(page);
        }
        Assert.Equal(7, seen.Distinct().Count());
        Assert.All(seen, id => Assert.Contains("alice", id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Gone, (await GetAsync(bobsView!, Token("patient/*.rs", patient: "bob"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(bobsView!, token: null)).Response.StatusCode);
    }

    private static string? NextLink(JsonElement bundle) =>
        bundle.GetProperty("link").EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next").Select(l => l.GetProperty("url").GetString()).FirstOrDefault();

    [Fact]
    public async Task A_resource_moved_out_of_the_grant_after_the_first_page_is_not_shown_on_a_later_one()
    {
        var token = Token("patient/*.rs");
        var first = await SearchAsync("Observation?_count=1&_sort=_id", token);
        Assert.Equal(["Observation/obs-alice-lab"], Entries(first));

        Write(Observation("obs-alice-vitals", "bob", "vital-signs", "8867-4"));

        var second = await SearchAsync(NextLink(first)!, token);
        Assert.Empty(Entries(second));
    }
}

/// <summary>Patient/{id}/$everything: the patient in context (or a user/system scope that may search patients), filtered to the grant.</summary>
public sealed class EverythingAccessTests : EnforcingSandbox
{
    [Fact]
    public async Task Everything_for_the_patient_in_context_holds_only_their_compartment()
    {
        var (response, body) = await GetAsync("Patient/alice/$everything", Token("patient/*.rs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Condition/cond-alice", "Encounter/enc-alice", "Observation/obs-alice-lab", "Observation/obs-alice-vitals", "Patient/alice"], Entries(body).Order(StringComparer.Ordinal));
        Assert.Equal(5, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Everything_for_another_patient_is_forbidden()
    {
        var (response, body) = await GetAsync("Patient/bob/$everything", Token("patient/*.rs"));
        AssertForbidden(response, body, "patient in context");
    }

    [Fact]
    public async Task Everything_needs_a_search_permission()
    {
        var (response, body) = await GetAsync("Patient/alice/$everything", Token("patient/*.r"));
        AssertForbidden(response, body);
    }

    [Fact]
    public async Task Everything_follows_the_scopes_types_and_granular_queries()
    {
        var (response, body) = await GetAsync("Patient/alice/$everything", Token($"patient/Patient.rs {LabOnly}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Observation/obs-alice-lab", "Patient/alice"], Entries(body).Order(StringComparer.Ordinal));
        Assert.Equal(2, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_user_scope_that_may_search_patients_asks_for_any_patient()
    {
        var (response, body) = await GetAsync("Patient/bob/$everything", Token("user/*.rs", patient: null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Observation/obs-bob-lab", "Patient/bob"], Entries(body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_user_scope_sees_what_the_records_refer_to()
    {
        var (_, body) = await GetAsync("Patient/alice/$everything", Token("user/*.rs", patient: null));
        Assert.Contains("Practitioner/doc", Entries(body));
    }

    [Fact]
    public async Task Everything_pages_serve_only_their_grant()
    {
        var token = Token("patient/*.rs");
        var (_, first) = await GetAsync("Patient/alice/$everything?_count=2", token);
        var next = first.GetProperty("link").EnumerateArray().Single(l => l.GetProperty("relation").GetString() == "next").GetProperty("url").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(next, token)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(next, Token("patient/*.rs", patient: "bob"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await GetAsync(next, Token("user/*.rs", patient: null))).Response.StatusCode);
    }
}
