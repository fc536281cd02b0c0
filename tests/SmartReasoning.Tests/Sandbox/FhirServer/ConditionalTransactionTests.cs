using System.Net;
using System.Text.Json;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>Conditional create (<c>request.ifNoneExist</c>) inside transactions and batches, as real FHIR servers do it.</summary>
public sealed class ConditionalTransactionTests : SandboxHost
{
    private const string PatientAndObservation = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"7"}]},
           "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=urn:mrn|7"}},
          {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{"resourceType":"Observation","status":"final","code":{"text":"weight"},
            "identifier":[{"system":"urn:obs","value":"w1"}],"subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}},
           "request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=urn:obs|w1"}}
        ]}
        """;

    private static List<(string Status, string Location)> Responses(JsonElement bundle) =>
        [.. bundle.GetProperty("entry").EnumerateArray().Select(e => (e.GetProperty("response").GetProperty("status").GetString()!, e.GetProperty("response").GetProperty("location").GetString()!))];

    [Fact]
    public async Task A_repeated_conditional_transaction_creates_nothing_new_and_points_at_what_exists()
    {
        var (first, created) = await PostAsync("", PatientAndObservation);
        var (second, again) = await PostAsync("", PatientAndObservation);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.All(Responses(created), r => Assert.StartsWith("201", r.Status, StringComparison.Ordinal));
        Assert.All(Responses(again), r => Assert.StartsWith("200", r.Status, StringComparison.Ordinal));
        Assert.Equal(Responses(created).Select(r => r.Location), Responses(again).Select(r => r.Location));
        Assert.Single(Store.Current("Patient"));
        Assert.Single(Store.Current("Observation"));
    }

    [Fact]
    public async Task References_to_a_matched_entry_are_rewritten_to_the_existing_resource()
    {
        var (_, patient) = await SendAsync(HttpMethod.Post, "Patient", """{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"7"}]}""");

        var (response, bundle) = await PostAsync("", PatientAndObservation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var observation = Responses(bundle)[1].Location.Split("/_history")[0];
        var (_, read) = await GetAsync(observation);
        Assert.Equal($"Patient/{patient.GetProperty("id").GetString()}", read.GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task An_ambiguous_condition_fails_the_whole_transaction()
    {
        await PostAsync("Patient", """{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"7"}]}""");
        await PostAsync("Patient", """{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"7"}]}""");

        var (response, outcome) = await PostAsync("", PatientAndObservation);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("multiple-matches", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Empty(Store.Current("Observation"));
    }

    [Fact]
    public async Task Concurrent_identical_conditional_transactions_create_one_set()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync("", PatientAndObservation)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode));
        Assert.Single(Store.Current("Patient"));
        Assert.Single(Store.Current("Observation"));
    }

    [Fact]
    public async Task A_batch_entry_matching_its_condition_is_answered_with_the_existing_resource()
    {
        var batch = PatientAndObservation.Replace("\"transaction\"", "\"batch\"", StringComparison.Ordinal).Replace("urn:uuid:11111111-1111-1111-1111-111111111111\"}", "Patient/none\"}", StringComparison.Ordinal);
        await PostAsync("", batch);

        var (response, bundle) = await PostAsync("", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(Responses(bundle), r => Assert.StartsWith("200", r.Status, StringComparison.Ordinal));
        Assert.Single(Store.Current("Patient"));
    }
}
