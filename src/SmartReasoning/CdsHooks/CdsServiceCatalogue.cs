using System.Text.Json.Nodes;

namespace SmartReasoning.CdsHooks;

/// <summary>One prefetch template: its key, the FHIR query, and whether reasoning needs it (a missing optional key is not fetched).</summary>
public sealed record PrefetchTemplate(string Key, string Query, bool Required = true);

/// <summary>One CDS service as discovery lists it (CDS Hooks 2.0, Discovery).</summary>
public sealed record CdsServiceDefinition(string Id, string Hook, string Title, string Description, IReadOnlyList<PrefetchTemplate> Prefetch)
{
    public JsonObject ToJson()
    {
        var prefetch = new JsonObject();
        foreach (var template in Prefetch) prefetch[template.Key] = template.Query;
        return new JsonObject
        {
            ["hook"] = Hook,
            ["title"] = Title,
            ["description"] = Description,
            ["id"] = Id,
            ["prefetch"] = prefetch,
            ["usageRequirements"] = "Send fhirServer and fhirAuthorization (patient/*.rs) so data a prefetch key lacks can be fetched; the caller's JWT issuer must be configured as a trusted CDS client.",
        };
    }
}

/// <summary>SmartReasoning's services: one per hook it reasons for, all asking for the same record.</summary>
public static class CdsServiceCatalogue
{
    /// <summary>The record the reasoner reads: the patient, active problems and medications, allergies, recent labs and vitals.</summary>
    public static IReadOnlyList<PrefetchTemplate> RecordTemplates { get; } =
    [
        new("patient", "Patient/{{context.patientId}}"),
        new("conditions", "Condition?patient={{context.patientId}}&clinical-status=active"),
        new("medications", "MedicationRequest?patient={{context.patientId}}&status=active"),
        new("allergies", "AllergyIntolerance?patient={{context.patientId}}"),
        new("labs", "Observation?patient={{context.patientId}}&category=laboratory&_sort=-date&_count=200"),
        new("vitals", "Observation?patient={{context.patientId}}&category=vital-signs&_sort=-date&_count=200"),
        // Who is ordering: not needed to reason, so a client that cannot fill it (the user is not a Practitioner) may leave it out.
        new("practitioner", "Practitioner/{{userPractitionerId}}", Required: false),
    ];

    public static CdsServiceDefinition PatientView { get; } = new(
        "smartreasoning-patient-view", "patient-view", "SmartReasoning: chart review",
        "Reviews the patient's record when the chart opens: drug-kidney and drug-drug problems, dangerous lab values, conditions the results show but the problem list lacks, diseases above target, overdue monitoring and missing therapy.",
        RecordTemplates);

    public static CdsServiceDefinition OrderSelect { get; } = new(
        "smartreasoning-order-select", "order-select", "SmartReasoning: order check",
        "Checks the medication orders just selected against the patient's kidney function, labs, other medications and conditions, and suggests changes.",
        RecordTemplates);

    public static CdsServiceDefinition OrderSign { get; } = new(
        "smartreasoning-order-sign", "order-sign", "SmartReasoning: order signing check",
        "Checks the draft medication orders about to be signed against the patient's kidney function, labs, other medications and conditions, and offers to cancel or change them.",
        RecordTemplates);

    public static IReadOnlyList<CdsServiceDefinition> All { get; } = [PatientView, OrderSelect, OrderSign];

    public static CdsServiceDefinition? Find(string id) => All.FirstOrDefault(s => s.Id == id);

    public static JsonObject Discovery() => new() { ["services"] = new JsonArray([.. All.Select(s => (JsonNode)s.ToJson())]) };
}
