using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;
using SmartReasoning.Sandbox.Synthetic;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Pull;

/// <summary>Records from data at hand: Bundle files (synthetic and Synthea) and CDS Hooks prefetch.</summary>
public sealed class RecordFromBundleTests
{
    [Fact]
    public async Task A_synthetic_transaction_bundle_file_gives_every_entry_once_and_finds_the_patient()
    {
        var bundle = SyntheticCohort.Generate()[0];
        var path = Path.Combine(Path.GetTempPath(), $"pull-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, FhirJsonSerializer.SerializeToUtf8Bytes(bundle), TestContext.Current.CancellationToken);
        try
        {
            var record = await RecordFromBundle.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(bundle.Entry.Count, record.Resources.Count);
            Assert.Equal(bundle.Entry.OfType<Bundle.EntryComponent>().Single(e => e.Resource is Patient).Resource!.Id, record.PatientId);
            Assert.Empty(record.Missing);
            Assert.Equal(bundle.Entry.Count(e => e.Resource is Observation), record.Statistics.ResourcesByType["Observation"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Entries_without_ids_take_them_from_their_urn_uuid_and_duplicates_are_kept_once()
    {
        var bundle = (Bundle)new FhirJsonParser().Parse("""
            {"resourceType":"Bundle","type":"collection","entry":[
             {"fullUrl":"urn:uuid:6f1c8e7a-0000-4000-8000-000000000001","resource":{"resourceType":"Patient"}},
             {"fullUrl":"http://x/fhir/Condition/c1","resource":{"resourceType":"Condition","id":"c1"}},
             {"fullUrl":"http://x/fhir/Condition/c1","resource":{"resourceType":"Condition","id":"c1"}}]}
            """).Value!;

        var record = RecordFromBundle.FromBundle(bundle);

        Assert.Equal("6f1c8e7a-0000-4000-8000-000000000001", record.PatientId);
        Assert.Equal(["Patient/6f1c8e7a-0000-4000-8000-000000000001", "Condition/c1"], record.Resources.Select(r => $"{r.TypeInfo.Name}/{r.Id}"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_bundle_is_refused_with_a_clear_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pull-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"resourceType":"Patient","id":"p"}""", TestContext.Current.CancellationToken);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => RecordFromBundle.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("not a Bundle", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Every_shared_patient_bundle_gives_a_record_with_its_patient()
    {
        var folder = Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "data", "patients"));
        Assert.SkipUnless(Directory.Exists(folder), "../shared/data/patients is absent, so reading the shared patients was skipped");
        var files = Directory.GetFiles(folder, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var record = await RecordFromBundle.FromFileAsync(file, cancellationToken: TestContext.Current.CancellationToken);
            Assert.False(string.IsNullOrEmpty(record.PatientId), Path.GetFileName(file));
            Assert.True(record.Resources.Count > 10, Path.GetFileName(file));
            Assert.All(record.Resources, r => Assert.False(string.IsNullOrEmpty(r.Id)));
        }
    }

    [Fact]
    public void Prefetch_gives_resources_from_bundles_and_single_resources_and_records_what_the_ehr_could_not_fetch()
    {
        Dictionary<string, string?> prefetch = new()
        {
            ["patient"] = """{"resourceType":"Patient","id":"p1"}""",
            ["conditions"] = """{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Condition","id":"c1"},"search":{"mode":"match"}}]}""",
            ["medications"] = null,
            ["labs"] = """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Patient p1 is secret"}]}""",
        };

        var record = RecordFromBundle.FromPrefetch(prefetch);

        Assert.Equal("p1", record.PatientId);
        Assert.Equal(["Condition/c1", "Patient/p1"], record.Resources.Select(r => $"{r.TypeInfo.Name}/{r.Id}"));
        Assert.Equal(2, record.Missing.Count);
        var labs = Assert.Single(record.Missing, m => m.What == "prefetch labs");
        Assert.Contains("forbidden", labs.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("p1", labs.Reason, StringComparison.Ordinal);
        Assert.Contains("no data", Assert.Single(record.Missing, m => m.What == "prefetch medications").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefetch_as_json_elements_treats_null_and_non_resources_as_missing()
    {
        Dictionary<string, JsonElement?> prefetch = new()
        {
            ["patient"] = JsonDocument.Parse("""{"resourceType":"Patient","id":"p2"}""").RootElement,
            ["empty"] = JsonDocument.Parse("null").RootElement,
            ["odd"] = JsonDocument.Parse("[1,2]").RootElement,
        };

        var record = RecordFromBundle.FromPrefetch(prefetch);

        Assert.Equal("p2", record.PatientId);
        Assert.Equal(["prefetch empty", "prefetch odd"], record.Missing.Select(m => m.What));
        Assert.Contains("not a FHIR resource", record.Missing[1].Reason, StringComparison.Ordinal);
    }
}
