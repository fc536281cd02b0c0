using System.Net;
using System.Text.Json;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>Search, paging, includes, conditional create and $everything through HTTP.</summary>
public sealed class SearchHttpTests : SandboxHost
{
    private async Task<string> CreateAsync(string type, string json)
    {
        var (response, body) = await PostAsync(type, json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    private static string Observation(string patientId, string code, string date, decimal value, string category = "laboratory") => $$$"""
        {"resourceType":"Observation","status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"{{{category}}}"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"{{{code}}}"}]},
         "subject":{"reference":"Patient/{{{patientId}}}"},"effectiveDateTime":"{{{date}}}",
         "valueQuantity":{"value":{{{value}}},"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}
        """;

    private async Task<(string Patient, string Other)> SeedAsync()
    {
        var patient = await CreateAsync("Patient", """{"resourceType":"Patient","name":[{"family":"Chalmers","given":["Peter"]}],"birthDate":"1974-12-25","managingOrganization":{"reference":"Organization/org1"}}""");
        var other = await CreateAsync("Patient", """{"resourceType":"Patient","name":[{"family":"Windsor"}],"birthDate":"1980-01-01"}""");
        await PutAsync("Organization/org1", """{"resourceType":"Organization","id":"org1","name":"Acme"}""");
        for (var year = 2015; year <= 2024; year++)
            await CreateAsync("Observation", Observation(patient, "4548-4", $"{year}-06-01", 6.0m + (year - 2015) * 0.3m));
        await CreateAsync("Observation", Observation(patient, "8867-4", "2020-01-01", 72, "vital-signs"));
        await CreateAsync("Observation", Observation(other, "4548-4", "2021-01-01", 5.5m));
        await PutAsync("ValueSet/vs1", """{"resourceType":"ValueSet","id":"vs1","url":"http://example.org/fhir/ValueSet/eye-colour","status":"active"}""");
        await CreateAsync("RiskAssessment", $$"""{"resourceType":"RiskAssessment","status":"final","subject":{"reference":"Patient/{{patient}}"},"prediction":[{"probabilityDecimal":0.7}]}""");
        return (patient, other);
    }

    private static List<JsonElement> Entries(JsonElement bundle, string mode = "match") =>
        bundle.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray().Where(e => e.GetProperty("search").GetProperty("mode").GetString() == mode).Select(e => e.GetProperty("resource"))]
            : [];

    [Fact]
    public async Task Patient_lab_search_sorted_by_date_descending_is_paged_with_next_links()
    {
        var (patient, _) = await SeedAsync();

        var (response, bundle) = await GetAsync($"Observation?patient={patient}&category=laboratory&_sort=-date&_count=4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, bundle.GetProperty("total").GetInt32());
        var dates = Entries(bundle).Select(e => e.GetProperty("effectiveDateTime").GetString()).ToList();
        Assert.Equal(["2024-06-01", "2023-06-01", "2022-06-01", "2021-06-01"], dates);

        // Follow next links to the end: every match once, in order.
        List<string?> all = [.. dates];
        var next = bundle.GetProperty("link").EnumerateArray().FirstOrDefault(l => l.GetProperty("relation").GetString() == "next");
        while (next.ValueKind == JsonValueKind.Object)
        {
            var (page, body) = await GetAsync(next.GetProperty("url").GetString()!.Replace(FhirBase + "/", "", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            all.AddRange(Entries(body).Select(e => e.GetProperty("effectiveDateTime").GetString()));
            next = body.GetProperty("link").EnumerateArray().FirstOrDefault(l => l.GetProperty("relation").GetString() == "next");
        }
        Assert.Equal(10, all.Count);
        Assert.Equal(all.OrderDescending(StringComparer.Ordinal), all);
    }

    [Theory]
    [InlineData("Observation?code=http://loinc.org|4548-4&date=ge2020-01-01&date=lt2023", 4)]
    [InlineData("Observation?value-quantity=gt7.9", 4)]
    [InlineData("Observation?value-quantity=gt7.9|http://unitsofmeasure.org|%&category=laboratory", 3)]
    [InlineData("Observation?code=4548-4,8867-4&category=vital-signs", 1)]
    [InlineData("Patient?name=chalm", 1)]
    [InlineData("Patient?name:exact=Chalmers", 1)]
    [InlineData("Patient?birthdate=1974", 1)]
    [InlineData("Patient?birthdate=ap1980-01-03", 1)]
    [InlineData("Patient?organization:missing=true", 1)]
    [InlineData("Observation?date=sa2023-01-01", 2)]
    [InlineData("Observation?date=eb2016-01-01", 1)]
    [InlineData("Observation?date=le2015-06-01", 1)]
    [InlineData("Observation?date=ne2020-01-01", 11)]
    [InlineData("Observation?value-quantity=le6.3", 3)]
    [InlineData("Observation?code:not=4548-4", 1)]
    [InlineData("Observation?code-value-quantity=http://loinc.org|4548-4$gt8", 3)]
    [InlineData("Patient?name:contains=almer", 1)]
    [InlineData("Patient?family=WINDSOR", 1)]
    [InlineData("ValueSet?url=http://example.org/fhir/ValueSet/eye-colour", 1)]
    [InlineData("RiskAssessment?probability=gt0.5", 1)]
    [InlineData("RiskAssessment?probability=lt0.5", 0)]
    [InlineData("Patient?_lastUpdated=gt2000-01-01", 2)]
    public async Task Searches_by_parameter_type_prefix_and_modifier_find_the_right_count(string query, int expected)
    {
        await SeedAsync();

        var (response, bundle) = await GetAsync(query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, bundle.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Include_revinclude_summary_count_and_elements()
    {
        var (patient, _) = await SeedAsync();

        var (_, included) = await GetAsync($"Patient?_id={patient}&_include=Patient:organization&_revinclude=Observation:subject");
        Assert.Single(Entries(included));
        var extras = Entries(included, "include");
        Assert.Contains(extras, e => e.GetProperty("resourceType").GetString() == "Organization");
        Assert.Equal(11, extras.Count(e => e.GetProperty("resourceType").GetString() == "Observation"));

        var (_, count) = await GetAsync("Observation?_summary=count");
        Assert.Equal(12, count.GetProperty("total").GetInt32());
        Assert.False(count.TryGetProperty("entry", out _));

        var (_, elements) = await GetAsync($"Patient?_id={patient}&_elements=birthDate");
        var only = Entries(elements).Single();
        Assert.True(only.TryGetProperty("birthDate", out _));
        Assert.False(only.TryGetProperty("name", out _));
        Assert.Contains("SUBSETTED", only.GetProperty("meta").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_iterate_over_a_cycle_ends()
    {
        await PutAsync("Patient/a", """{"resourceType":"Patient","id":"a","link":[{"other":{"reference":"Patient/b"},"type":"seealso"}]}""");
        await PutAsync("Patient/b", """{"resourceType":"Patient","id":"b","link":[{"other":{"reference":"Patient/a"},"type":"seealso"}]}""");

        var (response, bundle) = await GetAsync("Patient?_id=a&_include:iterate=Patient:link");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Entries(bundle));
        Assert.Single(Entries(bundle, "include"));
    }

    [Fact]
    public async Task Unknown_parameters_warn_by_default_and_fail_with_strict_handling()
    {
        await SeedAsync();

        var (lenient, bundle) = await GetAsync("Patient?nonsense=1");
        Assert.Equal(HttpStatusCode.OK, lenient.StatusCode);
        Assert.Single(Entries(bundle, "outcome"));

        var (strict, outcome) = await SendAsync(HttpMethod.Get, "Patient?nonsense=1", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
    }

    [Theory]
    [InlineData("Patient?birthdate=1974-13-45")]
    [InlineData("Observation?value-quantity=abc")]
    public async Task Invalid_values_are_400_outcomes(string query)
    {
        var (response, outcome) = await GetAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task A_thousand_parameters_and_a_huge_count_are_handled_clearly()
    {
        await SeedAsync();
        var many = "Patient?" + string.Join('&', Enumerable.Range(0, 1_000).Select(i => $"name=n{i}"));
        var (tooMany, outcome) = await GetAsync(many);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());

        var (capped, bundle) = await GetAsync("Observation?_count=1000000");
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.Equal(12, Entries(bundle).Count);
    }

    [Fact]
    public async Task Post_search_with_a_form_body_matches_get()
    {
        var (patient, _) = await SeedAsync();
        using var form = new FormUrlEncodedContent([new("patient", patient), new("category", "vital-signs")]);

        var response = await Client.PostAsync(new Uri("Observation/_search", UriKind.Relative), form, TestContext.Current.CancellationToken);
        using var bundle = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, bundle.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Conditional_create_creates_once_and_refuses_ambiguity()
    {
        const string Body = """{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"42"}]}""";
        var (first, created) = await SendAsync(HttpMethod.Post, "Patient", Body, r => r.Headers.Add("If-None-Exist", "identifier=urn:mrn|42"));
        var (second, existing) = await SendAsync(HttpMethod.Post, "Patient", Body, r => r.Headers.Add("If-None-Exist", "identifier=urn:mrn|42"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(created.GetProperty("id").GetString(), existing.GetProperty("id").GetString());

        await PostAsync("Patient", Body);
        var (ambiguous, _) = await SendAsync(HttpMethod.Post, "Patient", Body, r => r.Headers.Add("If-None-Exist", "identifier=urn:mrn|42"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, ambiguous.StatusCode);
    }

    [Fact]
    public async Task Everything_returns_the_patient_its_compartment_and_what_it_refers_to_in_pages()
    {
        var (patient, other) = await SeedAsync();

        var (response, bundle) = await GetAsync($"Patient/{patient}/$everything?_count=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(14, bundle.GetProperty("total").GetInt32()); // the patient, 11 observations, a risk assessment, the organization
        var first = Entries(bundle);
        Assert.Equal(5, first.Count);
        Assert.Equal(patient, first[0].GetProperty("id").GetString());
        var next = bundle.GetProperty("link").EnumerateArray().Single(l => l.GetProperty("relation").GetString() == "next").GetProperty("url").GetString()!;
        var (_, page2) = await GetAsync(next.Replace(FhirBase + "/", "", StringComparison.Ordinal));
        Assert.Equal(5, Entries(page2).Count);
        Assert.DoesNotContain(Entries(page2), e => e.GetProperty("id").GetString() == other);
    }
}
