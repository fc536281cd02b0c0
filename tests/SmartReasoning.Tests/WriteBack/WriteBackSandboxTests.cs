using Microsoft.Extensions.Logging;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;
using Task = System.Threading.Tasks.Task;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>Findings written through the outbox into the real sandbox FHIR server, and read back.</summary>
public sealed class WriteBackSandboxTests : SandboxHost
{
    private readonly OutboxHarness _outbox = new();

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    public override async ValueTask DisposeAsync()
    {
        _outbox.Dispose();
        await base.DisposeAsync();
    }

    private WriteTarget Target => new(FhirBase, Subject(), WriteAuth.Open);

    private async Task<FindingWriteResult> WriteAndDeliverAsync(Finding finding)
    {
        var written = await _outbox.Writer().WriteAsync(finding, Rules, Target, TestContext.Current.CancellationToken);
        var report = await _outbox.Delivery(Client).DeliverDueAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new DeliveryReport(1, 0, 0), report);
        return written;
    }

    [Fact]
    public async Task The_transaction_lands_and_the_provenance_and_observation_point_at_each_other_and_the_device()
    {
        var written = await WriteAndDeliverAsync(MetforminRenal());

        Assert.Equal((1, 1, 1), SetCount(Store, written.Fingerprint));
        var observation = Assert.Single(WithIdentifier<Observation>(Store, AiTransparencyCodes.FingerprintSystem, written.Fingerprint));
        var provenance = Assert.Single(ProvenancesOf(Store, written.Fingerprint));
        var device = Assert.Single(WithIdentifier<Device>(Store, AiTransparencyCodes.ReasonerSystem, FindingResources.DeviceKey(Rules)));
        Assert.Equal($"Observation/{observation.Id}", provenance.Target[0].ReferenceValue!.Value);
        Assert.Equal($"Device/{device.Id}", provenance.Agent[0].Who!.ReferenceValue!.Value);
        Assert.Equal($"Device/{device.Id}", observation.Device!.ReferenceValue!.Value);
        Assert.Equal(ObservationStatus.Preliminary, observation.Status!.Enum);
        var entry = Assert.Single(await _outbox.Store.ListAsync(OutboxState.Delivered, TestContext.Current.CancellationToken));
        Assert.Contains($"Observation/{observation.Id} created", entry.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_identical_write_such_as_a_second_launch_creates_nothing_new()
    {
        var first = await WriteAndDeliverAsync(MetforminRenal());
        var second = await WriteAndDeliverAsync(MetforminRenal("Condition/type-2-diabetes", "MedicationRequest/metformin-1000", "Observation/egfr-2026-03-01"));

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal((1, 1, 1), SetCount(Store, first.Fingerprint));
        Assert.Single(Store.Current("Observation"));
        Assert.Single(Store.Current("Provenance"));
        var entries = await _outbox.Store.ListAsync(OutboxState.Delivered, TestContext.Current.CancellationToken);
        Assert.Contains("existing", entries[1].Result, StringComparison.Ordinal);
        Assert.DoesNotContain("created", entries[1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_findings_of_one_reasoner_share_its_device()
    {
        var a = await WriteAndDeliverAsync(MetforminRenal());
        var b = await WriteAndDeliverAsync(HbA1cOverdue());

        Assert.Equal((1, 1, 1), SetCount(Store, a.Fingerprint));
        Assert.Equal((1, 1, 1), SetCount(Store, b.Fingerprint));
        Assert.Single(Store.Current("Device"));
        Assert.Equal(2, Store.Current("Observation").Count);
    }

    [Fact]
    public async Task A_new_model_version_is_a_new_device_and_a_new_finding()
    {
        var a = await WriteAndDeliverAsync(MetforminRenal());
        var written = await _outbox.Writer().WriteAsync(MetforminRenal(), Rules with { Version = "2026.12" }, Target, TestContext.Current.CancellationToken);
        await _outbox.Delivery(Client).DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(a.Fingerprint, written.Fingerprint);
        Assert.Equal(2, Store.Current("Device").Count);
        Assert.Equal(2, Store.Current("Observation").Count);
    }

    [Fact]
    public async Task A_model_whose_name_holds_search_and_URL_separators_still_has_one_device()
    {
        var odd = new ReasonerInfo("gpt+clinical|east, a&b $x", "2026-01-15 v2");
        for (var i = 0; i < 2; i++)
        {
            await _outbox.Writer().WriteAsync(i == 0 ? MetforminRenal() : HbA1cOverdue(), odd, Target, TestContext.Current.CancellationToken);
            Assert.Equal(new DeliveryReport(1, 0, 0), await _outbox.Delivery(Client).DeliverDueAsync(TestContext.Current.CancellationToken));
        }

        var device = Assert.Single(WithIdentifier<Device>(Store, AiTransparencyCodes.ReasonerSystem, FindingResources.DeviceKey(odd)));
        Assert.Equal("gpt+clinical|east, a&b $x", device.DeviceName[0].Name!.Value);
        Assert.Single(Store.Current("Device"));
    }

    [Fact]
    public async Task A_validator_that_refuses_stops_the_write_and_reports_the_problems()
    {
        var refusing = new RefusingValidator(AiTransparencyCodes.ProvenanceProfile);

        var written = await _outbox.Writer(refusing).WriteAsync(MetforminRenal(), Rules, Target, TestContext.Current.CancellationToken);
        var report = await _outbox.Delivery(Client).DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.False(written.Queued);
        var problem = Assert.Single(written.Problems);
        Assert.Equal("Provenance.agent[0].who", problem.Location);
        Assert.Equal(3, refusing.Seen.Count);
        Assert.Equal(new DeliveryReport(0, 0, 0), report);
        Assert.Equal(0, (await _outbox.Store.CountAsync(TestContext.Current.CancellationToken)).Total);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task A_refused_finding_is_logged_as_a_bug_without_the_patient_or_the_finding_s_words()
    {
        using var logs = new Launch.CapturedLogs();
        var writer = new FindingWriter(_outbox.Store, new RefusingValidator(AiTransparencyCodes.ObservationProfile), _outbox.Clock,
            logger: new LoggerFactory([logs]).CreateLogger<FindingWriter>());

        await writer.WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject("Patient/ada-lovelace-1815"), WriteAuth.Open), TestContext.Current.CancellationToken);

        var line = Assert.Single(logs.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("drug-renal", line.Message, StringComparison.Ordinal);
        Assert.Contains("Provenance.agent[0].who structure", line.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "ada-lovelace", "Metformin", "eGFR", "egfr-2026", "Patient/" })
            Assert.DoesNotContain(secret, line.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Refuses every resource validated against one profile, with one structure error; records what it was asked.</summary>
    private sealed class RefusingValidator(string refusedProfile) : IResourceValidator
    {
        public List<(string Type, string Profile)> Seen { get; } = [];

        public IReadOnlyList<ValidationProblem> Validate(Resource resource, string profileCanonical)
        {
            Seen.Add((resource.TypeInfo.Name, profileCanonical));
            return profileCanonical == refusedProfile ? [new ValidationProblem("Provenance.agent[0].who", "structure", "not an AI Device")] : [];
        }
    }
}
