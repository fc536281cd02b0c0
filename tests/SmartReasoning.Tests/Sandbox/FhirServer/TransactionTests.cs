using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartReasoning.Fhir.Json;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>Batch and transaction Bundles through HTTP.</summary>
public sealed class TransactionTests : SandboxHost
{
    private const string PatientAndObservation = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient","name":[{"family":"Chalmers"}]},"request":{"method":"POST","url":"Patient"}},
          {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","resource":{"resourceType":"Observation","status":"final","code":{"text":"weight"},
            "subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}},"request":{"method":"POST","url":"Observation"}},
          {"resource":{"resourceType":"Organization","id":"org1","name":"Acme"},"request":{"method":"PUT","url":"Organization/org1"}}
        ]}
        """;

    [Fact]
    public async Task Transaction_creates_all_entries_and_rewrites_urn_uuid_references()
    {
        var (response, bundle) = await PostAsync("", PatientAndObservation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("transaction-response", bundle.GetProperty("type").GetString());
        var locations = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("location").GetString()!).ToList();
        Assert.Equal(3, locations.Count);
        Assert.StartsWith("Patient/", locations[0], StringComparison.Ordinal);
        Assert.Equal("Organization/org1/_history/1", locations[2]);

        var patientReference = string.Join('/', locations[0].Split('/')[..2]);
        var (read, observation) = await GetAsync(string.Join('/', locations[1].Split('/')[..2]));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(patientReference, observation.GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Failing_transaction_writes_nothing()
    {
        var failing = PatientAndObservation.Replace("\"url\":\"Organization/org1\"", "\"url\":\"Organization/other\"", StringComparison.Ordinal);

        var (response, outcome) = await PostAsync("", failing);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("not applied", outcome.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task Batch_runs_each_entry_on_its_own()
    {
        const string Batch = """
            {"resourceType":"Bundle","type":"batch","entry":[
              {"resource":{"resourceType":"Patient","name":[{"family":"Ok"}]},"request":{"method":"POST","url":"Patient"}},
              {"resource":{"resourceType":"Patient","id":"a"},"request":{"method":"PUT","url":"Patient/b"}},
              {"request":{"method":"GET","url":"Patient/missing"}}
            ]}
            """;

        var (response, bundle) = await PostAsync("", Batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("status").GetString()).ToList();
        Assert.Equal(["201 Created", "400", "404"], statuses);
        Assert.Equal(1, Store.Count);
    }

    [Fact]
    public async Task A_bundle_that_is_not_batch_or_transaction_is_400()
    {
        var (response, _) = await PostAsync("", """{"resourceType":"Bundle","type":"collection"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Every_shared_patient_bundle_loads_by_transaction_and_reads_back_identical()
    {
        var folder = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "patients"));
        Assert.SkipUnless(Directory.Exists(folder), "../shared/data/patients is absent, so loading the shared patients was skipped");

        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            var (response, result) = await PostAsync("", text);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{Path.GetFileName(file)}: {response.StatusCode} {result}");

            // What each entry became: fullUrl -> Type/newId, as the server reports it.
            var source = JsonNode.Parse(text)!["entry"]!.AsArray();
            var locations = result.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("location").GetString()!).ToList();
            var assigned = source.Select((e, i) => (Full: e!["fullUrl"]!.GetValue<string>(), Reference: string.Join('/', locations[i].Split('/')[..2]))).ToDictionary(p => p.Full, p => p.Reference);

            for (var i = 0; i < source.Count; i++)
            {
                var expected = source[i]!["resource"]!.DeepClone();
                var reference = assigned[source[i]!["fullUrl"]!.GetValue<string>()];
                expected["id"] = reference.Split('/')[1];
                Rewrite(expected, assigned);
                var (read, actual) = await GetAsync(reference);
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                var actualNode = JsonNode.Parse(actual.GetRawText())!;
                actualNode["meta"]!.AsObject().Remove("versionId");
                actualNode["meta"]!.AsObject().Remove("lastUpdated");
                if (actualNode["meta"]!.AsObject().Count == 0) actualNode.AsObject().Remove("meta");
                using var e = JsonDocument.Parse(expected.ToJsonString());
                using var a = JsonDocument.Parse(actualNode.ToJsonString());
                var differences = JsonSemanticComparer.Differences(e.RootElement, a.RootElement);
                Assert.True(differences.Count == 0, $"{Path.GetFileName(file)} {reference}: {string.Join("; ", differences)}");
            }
        }
    }

    /// <summary>Rewrites every "reference" naming a bundle fullUrl, as the server must.</summary>
    private static void Rewrite(JsonNode? node, Dictionary<string, string> assigned)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["reference"] is JsonValue v && v.TryGetValue<string>(out var r) && assigned.TryGetValue(r, out var to)) o["reference"] = to;
                foreach (var child in o.Select(p => p.Value).ToList()) Rewrite(child, assigned);
                break;
            case JsonArray a:
                foreach (var child in a) Rewrite(child, assigned);
                break;
        }
    }
}
