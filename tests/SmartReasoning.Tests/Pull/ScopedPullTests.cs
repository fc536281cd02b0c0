using SmartReasoning.Launch;
using SmartReasoning.Pull;
using SmartReasoning.Sandbox.Authorization;
using SmartReasoning.Tests.Sandbox.Access;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.Pull;

/// <summary>Pulling from a sandbox that enforces access tokens: scopes that leave a type out give a record that says so.</summary>
public sealed class ScopedPullTests : EnforcingSandbox
{
    private FhirAccess Access(string scope) => new(FhirBase, Token(scope), "alice", scope, DateTimeOffset.UtcNow.AddMinutes(5));

    private static List<string> Keys(PulledRecord record) => [.. record.Resources.Select(r => $"{r.TypeInfo.Name}/{r.Id}")];

    [Fact]
    public async Task A_type_the_scopes_leave_out_is_recorded_as_missing_with_its_403()
    {
        var access = Access("patient/Patient.rs patient/Observation.rs patient/Condition.rs patient/Encounter.rs");

        var record = await new PatientRecordPuller(Client).PullAsync(access, cancellationToken: TestContext.Current.CancellationToken);

        var medications = Assert.Single(record.Missing, m => m.What == "MedicationRequest");
        Assert.Equal(403, medications.HttpStatus);
        Assert.Contains("scopes", medications.Reason, StringComparison.Ordinal);
        Assert.All(record.Missing, m => Assert.Equal(403, m.HttpStatus));
        Assert.DoesNotContain(record.Missing, m => m.What.StartsWith("Observation", StringComparison.Ordinal) || m.What is "Condition" or "Encounter" or "Patient");
        Assert.Contains("Observation/obs-alice-lab", Keys(record));
        Assert.Contains("Condition/cond-alice", Keys(record));
        Assert.False(record.Statistics.UsedEverything);
    }

    [Fact]
    public async Task Scopes_for_every_type_use_everything_and_bring_only_the_patient_in_context()
    {
        var record = await new PatientRecordPuller(Client).PullAsync(Access("patient/*.rs"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(record.IsComplete, string.Join("; ", record.Missing));
        Assert.True(record.Statistics.UsedEverything);
        Assert.Contains("Patient/alice", Keys(record));
        Assert.Contains("Encounter/enc-alice", Keys(record));
        Assert.DoesNotContain("Observation/obs-bob-lab", Keys(record));
    }

    [Fact]
    public async Task A_refused_token_is_recorded_once_as_a_401_instead_of_retrying_every_search()
    {
        var token = Token("patient/*.rs", simulate: SimulatedError.InvalidAccessToken);

        var record = await new PatientRecordPuller(Client).PullAsync(FhirBase, "alice", _ => ValueTask.FromResult<string?>(token), TestContext.Current.CancellationToken);

        var missing = Assert.Single(record.Missing);
        Assert.Equal(401, missing.HttpStatus);
        Assert.Empty(record.Resources);
        Assert.Equal(0, record.Statistics.Retries);
    }
}
