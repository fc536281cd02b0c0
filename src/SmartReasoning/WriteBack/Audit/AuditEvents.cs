using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using static SmartReasoning.WriteBack.AiTransparencyCodes;

namespace SmartReasoning.WriteBack.Audit;

/// <summary>
/// An <see cref="AuditRecord"/> as an R4 AuditEvent in the shapes of IHE Basic Audit Log Patterns (BALP): type
/// <c>rest</c>, the interaction as subtype, the action (R for read, E for a search, C, U), recorded, outcome (0 or 4),
/// the user (when known) and SmartReasoning as agents, SmartReasoning as the source, the patient and the data as entities.
/// </summary>
public static class AuditEvents
{
    public const string RecordSystem = CanonicalBase + "/audit-record";

    /// <summary>The AuditEvents of rows whose first column is the FHIR JSON both stores keep.</summary>
    internal static async Task<IReadOnlyList<AuditEvent>> ReadAllAsync(System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
    {
        var parser = new FhirJsonParser(FhirJsonParserOptions.Strict);
        List<AuditEvent> events = [];
        while (await reader.ReadAsync(cancellationToken)) events.Add((AuditEvent)parser.Parse(reader.GetString(0)).Value!);
        return events;
    }

    public static AuditEvent From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var audit = new AuditEvent
        {
            Type = Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"),
            Subtype = [Subtype(record.Interaction)],
            Action = record.Interaction switch
            {
                AuditInteraction.Read => AuditEventAction.R,
                AuditInteraction.Search => AuditEventAction.E,
                AuditInteraction.Create => AuditEventAction.C,
                _ => AuditEventAction.U,
            },
            Recorded = new Instant { Value = FindingResources.InstantText(record.Recorded) },
            Outcome = record.Succeeded ? AuditEventOutcome._0 : AuditEventOutcome._4,
            OutcomeDesc = record.Detail is { Length: > 0 } detail ? new FhirString { Value = detail } : null,
            Source = new AuditEvent.SourceComponent
            {
                Site = new FhirString { Value = record.FhirBase },
                Observer = new Reference { Display = new FhirString { Value = record.App } },
                Type = [Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        if (record.User is { Length: > 0 } user)
        {
            audit.Agent.Add(new AuditEvent.AgentComponent
            {
                Type = Concept(Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")),
                Who = Reference(user),
                Requestor = new FhirBoolean { Value = true },
            });
        }
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Type = Concept(Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")),
            Who = new Reference { Display = new FhirString { Value = record.App } },
            Requestor = new FhirBoolean { Value = record.User is not { Length: > 0 } },
        });
        if (record.Patient is { Length: > 0 } patient)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = Reference(patient),
                Type = Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                Role = Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            });
        }
        foreach (var what in record.What.Where(w => w != record.Patient))
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = Reference(what),
                Type = Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                Role = Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"),
            });
        }
        // Our record's id, so the copy sent to the EHR can be created conditionally (entity:identifier=...).
        audit.Entity.Add(new AuditEvent.EntityComponent
        {
            What = new Reference { Identifier = Identifier(RecordSystem, record.Id) },
            Type = Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other"),
            Name = new FhirString { Value = "SmartReasoning audit record" },
        });
        return audit;
    }

    private static Coding Subtype(AuditInteraction interaction) => interaction switch
    {
        AuditInteraction.Read => Coding("http://hl7.org/fhir/restful-interaction", "read", "read"),
        AuditInteraction.Search => Coding("http://hl7.org/fhir/restful-interaction", "search-type", "search type"),
        AuditInteraction.Create => Coding("http://hl7.org/fhir/restful-interaction", "create", "create"),
        _ => Coding("http://hl7.org/fhir/restful-interaction", "update", "update"),
    };
}
