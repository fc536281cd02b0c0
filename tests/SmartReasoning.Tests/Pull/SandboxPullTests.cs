using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;
using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;
using SmartReasoning.Tests.Sandbox.FhirServer;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Pull;

/// <summary>Pulling the synthetic cohort's records from an open sandbox: <c>$everything</c>, the per-type searches, and paging through both.</summary>
public sealed class SandboxPullTests : SandboxHost
{
    private static readonly Func<CancellationToken, ValueTask<string?>> NoToken = _ => ValueTask.FromResult<string?>(null);

    public SandboxPullTests()
    {
        var loader = new BundleLoader(Store);
        foreach (var (bundle, i) in SyntheticCohort.Generate().Select((b, i) => (b, i))) loader.Load($"synthetic-{i}", bundle);
    }

    private string SomePatient => Store.Current("Patient").Select(p => p.Id).Order(StringComparer.Ordinal).First();

    private Task<PulledRecord> PullAsync(string patient, PullOptions options) =>
        new PatientRecordPuller(Client, options).PullAsync(FhirBase, patient, NoToken, TestContext.Current.CancellationToken);

    private static List<string> Keys(PulledRecord record) => [.. record.Resources.Select(r => $"{r.TypeInfo.Name}/{r.Id}")];

    /// <summary>The patient's resources of a type in the store, found by their subject or patient reference.</summary>
    private List<string> StoredFor(string patient, string type) =>
        [.. Store.Current(type).Where(s => s.Resource is { } r && ReferencesPatient(r, patient)).Select(s => s.Reference).Order(StringComparer.Ordinal)];

    private static bool ReferencesPatient(Resource resource, string patient)
    {
        var reference = resource switch
        {
            Condition c => c.Subject,
            Observation o => o.Subject,
            MedicationRequest m => m.Subject,
            Encounter e => e.Subject,
            AllergyIntolerance a => a.Patient,
            Immunization i => i.Patient,
            _ => null,
        };
        return reference?.ReferenceValue?.Value == $"Patient/{patient}";
    }

    [Fact]
    public async Task Everything_is_used_because_the_sandbox_advertises_it_and_brings_the_whole_record()
    {
        var patient = SomePatient;

        var record = await PullAsync(patient, new PullOptions());

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.True(record.Statistics.UsedEverything);
        Assert.Equal(patient, record.PatientId);
        Assert.Contains($"Patient/{patient}", Keys(record));
        foreach (var type in new[] { "Condition", "Observation", "MedicationRequest", "Encounter" })
            Assert.Equal(StoredFor(patient, type), Keys(record).Where(k => k.StartsWith(type + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(Keys(record).Count, Keys(record).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_per_type_searches_bring_the_same_clinical_record_as_everything()
    {
        var patient = SomePatient;

        var searched = await PullAsync(patient, new PullOptions { UseEverything = false });
        var everything = await PullAsync(patient, new PullOptions());

        Assert.True(searched.IsComplete, string.Join("; ", searched.Missing));
        Assert.False(searched.Statistics.UsedEverything);
        Assert.NotEmpty(StoredFor(patient, "Observation"));
        // $everything also brings what the record refers to (practitioners, organizations); the searches bring the record itself.
        Assert.Subset(Keys(everything).ToHashSet(), Keys(searched).ToHashSet());
        foreach (var type in new[] { "Condition", "MedicationRequest", "AllergyIntolerance", "Immunization" })
            Assert.Equal(StoredFor(patient, type), Keys(searched).Where(k => k.StartsWith(type + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // Observations are searched in the three categories the context uses (surveys and the like are left to $everything).
        var wantedObservations = Store.Current("Observation")
            .Where(s => s.Resource is Observation o && ReferencesPatient(o, patient)
                && o.Category.SelectMany(c => c.Coding).Any(c => c.Code?.Value is "laboratory" or "vital-signs" or "social-history"))
            .Select(s => s.Reference);
        Assert.Subset(Keys(searched).ToHashSet(), wantedObservations.ToHashSet());
        Assert.True(searched.Statistics.ResourcesByType["Observation"] > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Small_pages_are_followed_through_next_links_to_the_same_record(bool useEverything)
    {
        var patient = Store.Current("Patient").Select(p => p.Id).Order(StringComparer.Ordinal).Last();

        var large = await PullAsync(patient, new PullOptions { UseEverything = useEverything });
        var small = await PullAsync(patient, new PullOptions { UseEverything = useEverything, PageSize = 7 });

        Assert.True(small.IsComplete, string.Join("; ", small.Missing));
        Assert.Equal(Keys(large).Order(StringComparer.Ordinal), Keys(small).Order(StringComparer.Ordinal));
        Assert.True(small.Statistics.Requests > large.Statistics.Requests + 3, $"{small.Statistics.Requests} requests with pages of 7, {large.Statistics.Requests} with pages of 100");
    }

    [Fact]
    public async Task An_unknown_patient_is_recorded_as_missing_rather_than_an_empty_record_passing_for_complete()
    {
        var record = await PullAsync("no-such-patient", new PullOptions { UseEverything = false });

        var missing = Assert.Single(record.Missing);
        Assert.Equal("Patient", missing.What);
        Assert.Equal(404, missing.HttpStatus);
    }
}
