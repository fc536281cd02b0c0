using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>Accepting and rejecting a finding, through the outbox, on the sandbox's resources.</summary>
public sealed class DecisionTests : SandboxHost
{
    private const string Doctor = "Practitioner/doc-1";
    private readonly OutboxHarness _outbox = new();

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    public override async ValueTask DisposeAsync()
    {
        _outbox.Dispose();
        await base.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FindingDecisions Decisions => new(_outbox.Store, _outbox.Clock);

    private Task<DeliveryReport> DeliverAsync() => _outbox.Delivery(Client).DeliverDueAsync(Ct);

    private async Task<string> WrittenAsync()
    {
        var written = await _outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());
        return written.Fingerprint;
    }

    private Observation ObservationOf(string fingerprint) => Assert.Single(WithIdentifier<Observation>(Store, AiTransparencyCodes.FingerprintSystem, fingerprint));

    [Fact]
    public async Task Accepting_makes_the_observation_final_and_adds_the_user_as_verifier()
    {
        var fingerprint = await WrittenAsync();

        await Decisions.AcceptAsync(fingerprint, $"{FhirBase}/{Doctor}", FhirBase, WriteAuth.Open, Ct);
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        Assert.Equal(ObservationStatus.Final, ObservationOf(fingerprint).Status!.Enum);
        var provenance = Assert.Single(ProvenancesOf(Store, fingerprint));
        Assert.Equal(2, provenance.Agent.Count);
        var verifier = provenance.Agent[1];
        Assert.Equal("verifier", verifier.Type!.Coding[0].Code!.Value);
        Assert.Equal(Doctor, verifier.Who!.ReferenceValue!.Value);
        Assert.Empty(verifier.Role); // a human agent does not carry the AI role
        Assert.Equal((1, 1, 1), SetCount(Store, fingerprint));
    }

    [Fact]
    public async Task Accepting_twice_changes_nothing_the_second_time()
    {
        var fingerprint = await WrittenAsync();

        await Decisions.AcceptAsync(fingerprint, Doctor, FhirBase, WriteAuth.Open, Ct);
        await Decisions.AcceptAsync(fingerprint, Doctor, FhirBase, WriteAuth.Open, Ct);
        Assert.Equal(new DeliveryReport(2, 0, 0), await DeliverAsync());

        Assert.Equal(2, Assert.Single(ProvenancesOf(Store, fingerprint)).Agent.Count);
        Assert.Equal(2, Store.HistoryOf("Observation", ObservationOf(fingerprint).Id!).Count);
        Assert.Contains("already final", (await _outbox.Store.ListAsync(OutboxState.Delivered, Ct))[^1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_withdraws_the_finding_as_entered_in_error_with_the_reason_by_the_user()
    {
        var fingerprint = await WrittenAsync();

        await Decisions.RejectAsync(fingerprint, Doctor, "eGFR was from a haemolysed sample", FhirBase, WriteAuth.Open, Ct);
        Assert.Equal(new DeliveryReport(1, 0, 0), await DeliverAsync());

        var observation = ObservationOf(fingerprint);
        Assert.Equal(ObservationStatus.EnteredInError, observation.Status!.Enum);
        var note = observation.Note[^1];
        Assert.Equal("Rejected by the clinician: eGFR was from a haemolysed sample", note.Text!.Value);
        Assert.Equal(Doctor, Assert.IsType<Reference>(note.Author).ReferenceValue!.Value);
        Assert.Single(Assert.Single(ProvenancesOf(Store, fingerprint)).Agent); // no verifier for a rejection
    }

    [Fact]
    public async Task A_decision_queued_before_its_finding_reached_the_chart_waits_for_it()
    {
        var written = await _outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
        // The finding's own transaction is claimed by a process that dies; the decision comes first.
        await _outbox.Store.ClaimNextAsync("dead-process", _outbox.Clock.GetUtcNow(), _outbox.Options.Lease, Ct);
        await Decisions.AcceptAsync(written.Fingerprint, Doctor, FhirBase, WriteAuth.Open, Ct);

        Assert.Equal(new DeliveryReport(0, 1, 0), await DeliverAsync());
        Assert.Contains("not in the chart yet", Assert.Single(await _outbox.Store.ListAsync(OutboxState.Pending, Ct)).LastError, StringComparison.Ordinal);
        _outbox.Clock.Advance(_outbox.Options.Lease);
        Assert.Equal(new DeliveryReport(2, 0, 0), await DeliverAsync());

        Assert.Equal(ObservationStatus.Final, ObservationOf(written.Fingerprint).Status!.Enum);
    }

    [Fact]
    public async Task A_withdrawn_finding_cannot_be_accepted_and_the_refusal_is_reported()
    {
        var fingerprint = await WrittenAsync();
        await Decisions.RejectAsync(fingerprint, Doctor, null, FhirBase, WriteAuth.Open, Ct);
        await Decisions.AcceptAsync(fingerprint, Doctor, FhirBase, WriteAuth.Open, Ct);

        Assert.Equal(new DeliveryReport(1, 0, 1), await DeliverAsync());

        Assert.Equal(ObservationStatus.EnteredInError, ObservationOf(fingerprint).Status!.Enum);
        Assert.Contains("withdrawn", Assert.Single(await _outbox.Store.ListAsync(OutboxState.Failed, Ct)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_name_a_finding_by_its_fingerprint_only()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Decisions.AcceptAsync("Observation/1", Doctor, FhirBase, WriteAuth.Open, Ct));
        Assert.Equal(0, (await _outbox.Store.CountAsync(Ct)).Total);
    }
}
