using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;
using SmartReasoning.Sandbox;
using SmartReasoning.Tests.Sandbox.FhirServer;
using SmartReasoning.WriteBack;
using SmartReasoning.WriteBack.Audit;
using SmartReasoning.WriteBack.Outbox;
using static SmartReasoning.Tests.WriteBack.WriteBackFixtures;
using Task = System.Threading.Tasks.Task;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>AuditEvents (IHE BALP shapes) for every read of a patient's record and every write, kept in our SQLite trail and optionally sent to the EHR.</summary>
public sealed class AuditTests : SandboxHost
{
    private readonly OutboxHarness _outbox = new();

    protected override SandboxOptions Options => new() { Port = 0, Open = true, LoadCohort = false };

    public override async ValueTask DisposeAsync()
    {
        _outbox.Dispose();
        await base.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Code(Coding? coding) => coding?.Code?.Value ?? "";

    [Fact]
    public void A_read_by_a_user_is_a_BALP_rest_read_with_user_app_source_patient_and_data()
    {
        var record = new AuditRecord(AuditInteraction.Read, true, "Patient/p1", ["Observation/o1"], "Practitioner/doc", "http://ehr.example/fhir", Issued);

        var audit = AuditEvents.From(record);

        Assert.Equal("rest", Code(audit.Type));
        Assert.Equal("read", Code(Assert.Single(audit.Subtype)));
        Assert.Equal(AuditEventAction.R, audit.Action!.Enum);
        Assert.Equal(AuditEventOutcome._0, audit.Outcome!.Enum);
        Assert.Equal("2026-03-02T09:00:04.512Z", audit.Recorded!.Value);
        Assert.Equal(["Practitioner/doc", null], audit.Agent.Select(a => a.Who!.ReferenceValue?.Value));
        Assert.Equal([true, false], audit.Agent.Select(a => a.Requestor!.Value));
        Assert.Equal("SmartReasoning", audit.Source!.Observer!.Display!.Value);
        Assert.Equal(["Patient/p1", "Observation/o1", null], audit.Entity.Select(e => e.What!.ReferenceValue?.Value));
        Assert.Equal(["1", "4", ""], audit.Entity.Select(e => Code(e.Role)));
        Assert.Equal(record.Id, audit.Entity[^1].What!.Identifier!.Value!.Value);
        var json = FhirJsonSerializer.SerializeToString(audit);
        Assert.True(new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(json).IsSuccess);
    }

    [Theory]
    [InlineData(AuditInteraction.Search, "search-type", AuditEventAction.E)]
    [InlineData(AuditInteraction.Create, "create", AuditEventAction.C)]
    [InlineData(AuditInteraction.Update, "update", AuditEventAction.U)]
    public void Each_interaction_has_its_subtype_and_action(AuditInteraction interaction, string subtype, AuditEventAction action)
    {
        var audit = AuditEvents.From(new AuditRecord(interaction, false, null, [], null, "http://ehr.example/fhir", Issued, "refused"));

        Assert.Equal(subtype, Code(Assert.Single(audit.Subtype)));
        Assert.Equal(action, audit.Action!.Enum);
        Assert.Equal(AuditEventOutcome._4, audit.Outcome!.Enum);
        Assert.True(Assert.Single(audit.Agent).Requestor!.Value); // no user: the app asked
    }

    [Fact]
    public async Task The_trail_keeps_each_record_once_and_finds_them_by_patient()
    {
        var trail = _outbox.AuditTrail();
        var record = new AuditRecord(AuditInteraction.Read, true, "Patient/p1", [], null, FhirBase, Issued);

        await trail.RecordAsync(record, Ct);
        await trail.RecordAsync(record, Ct);
        await trail.RecordAsync(record with { Patient = "Patient/p2", Id = Guid.NewGuid().ToString("D") }, Ct);

        Assert.Single(await trail.ReadAsync("Patient/p1", Ct));
        Assert.Equal(2, (await trail.ReadAsync(cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Writes_delivered_and_failed_are_audited_with_the_patient_the_user_and_what_was_written()
    {
        var trail = _outbox.AuditTrail();
        var written = await _outbox.Writer().WriteAsync(MetforminRenal(), Rules, new WriteTarget(FhirBase, Subject(), WriteAuth.Open), Ct);
        await _outbox.Delivery(Client, audit: trail).DeliverDueAsync(Ct);
        await new FindingDecisions(_outbox.Store, _outbox.Clock).AcceptAsync(written.Fingerprint, "Practitioner/doc", FhirBase, WriteAuth.Open, Ct);
        await _outbox.Store.EnqueueAsync(new OutboxMessage(OutboxKind.Transaction, """{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST"}}]}""",
            FhirBase, WriteAuth.Open, "broken"), _outbox.Clock.GetUtcNow(), Ct);
        await _outbox.Delivery(Client, audit: trail).DeliverDueAsync(Ct);

        var events = await trail.ReadAsync(cancellationToken: Ct);
        Assert.Equal(3, events.Count);
        var (create, update, failed) = (events[0], events[1], events[2]);
        Assert.Equal((AuditEventAction.C, AuditEventOutcome._0), (create.Action!.Enum, create.Outcome!.Enum));
        Assert.Equal("Patient/example", create.Entity[0].What!.ReferenceValue!.Value);
        Assert.Equal(["Device", "Observation", "Provenance"], create.Entity.Skip(1).SkipLast(1).Select(e => e.What!.ReferenceValue!.Value!.Split('/')[0]));
        Assert.Equal((AuditEventAction.U, "Practitioner/doc"), (update.Action!.Enum, update.Agent[0].Who!.ReferenceValue!.Value));
        Assert.Equal("Patient/example", update.Entity[0].What!.ReferenceValue!.Value);
        Assert.Equal(AuditEventOutcome._4, failed.Outcome!.Enum);
        Assert.Contains("400", failed.OutcomeDesc!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_of_the_record_is_audited_as_a_read_of_the_patient()
    {
        Store.Write(new FhirJsonParser().Parse("""{"resourceType":"Patient","id":"p1"}""").Value!);
        Store.Write(new FhirJsonParser().Parse("""{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"}}""").Value!);
        var trail = _outbox.AuditTrail();

        var record = await new PatientRecordPuller(Client, new PullOptions(), trail).PullAsync(FhirBase, "p1", _ => ValueTask.FromResult<string?>(null), Ct);

        Assert.True(record.IsComplete);
        var audit = Assert.Single(await trail.ReadAsync("Patient/p1", Ct));
        Assert.Equal(AuditEventAction.R, audit.Action!.Enum);
        Assert.Equal(AuditEventOutcome._0, audit.Outcome!.Enum);
        Assert.Contains("Condition 1", audit.OutcomeDesc!.Value, StringComparison.Ordinal);
        Assert.Equal(FhirBase, audit.Source!.Site!.Value);
    }

    [Fact]
    public async Task Sent_to_the_EHR_the_AuditEvent_lands_once_even_when_resent_and_its_delivery_is_not_audited_again()
    {
        var local = _outbox.AuditTrail();
        var forwarder = new EhrAuditForwarder(local, _outbox.Store, WriteAuth.Open);
        var record = new AuditRecord(AuditInteraction.Read, true, "Patient/p1", [], "Practitioner/doc", FhirBase, Issued);

        await forwarder.RecordAsync(record, Ct);
        var claimed = await _outbox.Store.ClaimNextAsync("dead-process", _outbox.Clock.GetUtcNow(), _outbox.Options.Lease, Ct);
        await new FhirWriteClient(Client, _outbox.Options).PostTransactionAsync(FhirBase, null, claimed!.Message.Payload, Ct); // sent, then the process died
        _outbox.Clock.Advance(_outbox.Options.Lease);
        Assert.Equal(new DeliveryReport(1, 0, 0), await _outbox.Delivery(Client, audit: local).DeliverDueAsync(Ct));

        var stored = Assert.Single(Store.Current("AuditEvent"));
        Assert.Equal("Patient/p1", ((AuditEvent)stored.Resource!).Entity[0].What!.ReferenceValue!.Value);
        Assert.Single(await local.ReadAsync(cancellationToken: Ct));
    }
}
