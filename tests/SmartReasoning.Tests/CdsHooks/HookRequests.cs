using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartReasoning.Tests.CdsHooks;

/// <summary>
/// Hook requests for patient p1: type 2 diabetes, an eGFR of 25 mL/min/1.73m2 thirty days ago, nothing else; the draft
/// order is metformin (RxNorm 860975), which the guideline reasoner calls contraindicated at that eGFR.
/// </summary>
public static class HookRequests
{
    public const string PatientId = "p1";
    public const string DraftId = "draft-metformin";
    public static readonly string EgfrDate = DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonObject Patient() => JsonNode.Parse($$"""{"resourceType":"Patient","id":"{{PatientId}}","gender":"female","birthDate":"1950-01-02"}""")!.AsObject();

    public static JsonObject Diabetes() => JsonNode.Parse($$"""
        {"resourceType":"Condition","id":"c-diabetes","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}]},"subject":{"reference":"Patient/{{PatientId}}"},"onsetDateTime":"2015-03-01"}
        """)!.AsObject();

    public static JsonObject Egfr() => JsonNode.Parse($$"""
        {"resourceType":"Observation","id":"o-egfr","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"33914-3","display":"eGFR"}]},"subject":{"reference":"Patient/{{PatientId}}"},
         "effectiveDateTime":"{{EgfrDate}}","valueQuantity":{"value":25,"unit":"mL/min/1.73m2","system":"http://unitsofmeasure.org","code":"mL/min/{1.73_m2}"} }
        """)!.AsObject();

    public static IReadOnlyList<JsonObject> Record() => [Patient(), Diabetes(), Egfr()];

    public static JsonObject DraftMetformin(string id = DraftId) => JsonNode.Parse($$"""
        {"resourceType":"MedicationRequest","id":"{{id}}","status":"draft","intent":"order",
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet"}]},
         "subject":{"reference":"Patient/{{PatientId}}"},"dosageInstruction":[{"text":"500 mg daily"}]}
        """)!.AsObject();

    public static JsonObject Searchset(params JsonObject[] resources) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "searchset",
        ["total"] = resources.Length,
        ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r, ["search"] = new JsonObject { ["mode"] = "match" } })]),
    };

    /// <summary>The complete prefetch for p1, every key the services ask for but the optional practitioner.</summary>
    public static JsonObject FullPrefetch() => new()
    {
        ["patient"] = Patient(),
        ["conditions"] = Searchset(Diabetes()),
        ["medications"] = Searchset(),
        ["allergies"] = Searchset(),
        ["labs"] = Searchset(Egfr()),
        ["vitals"] = Searchset(),
    };

    public static JsonObject OrderSign(JsonObject? prefetch = null, string? fhirServer = null, string? accessToken = null) =>
        Request("order-sign", new JsonObject
        {
            ["userId"] = "Practitioner/dr-1",
            ["patientId"] = PatientId,
            ["encounterId"] = "e1",
            ["draftOrders"] = Drafts(DraftMetformin()),
        }, prefetch ?? FullPrefetch(), fhirServer, accessToken);

    public static JsonObject OrderSelect(JsonObject? prefetch = null) =>
        Request("order-select", new JsonObject
        {
            ["userId"] = "Practitioner/dr-1",
            ["patientId"] = PatientId,
            ["selections"] = new JsonArray("MedicationRequest/" + DraftId),
            ["draftOrders"] = Drafts(DraftMetformin()),
        }, prefetch ?? FullPrefetch(), null, null);

    public static JsonObject PatientView(JsonObject? prefetch = null) =>
        Request("patient-view", new JsonObject { ["userId"] = "Practitioner/dr-1", ["patientId"] = PatientId }, prefetch ?? FullPrefetch(), null, null);

    /// <summary>A fixture (written for p1) as JSON text for <paramref name="patient"/> instead.</summary>
    public static string ForPatient(JsonObject json, string patient) =>
        json.ToJsonString().Replace("Patient/" + PatientId, "Patient/" + patient, StringComparison.Ordinal)
            .Replace($"\"{PatientId}\"", $"\"{patient}\"", StringComparison.Ordinal);

    public static JsonObject Drafts(params JsonObject[] orders) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. orders.Select(o => (JsonNode)new JsonObject { ["resource"] = o })]),
    };

    private static JsonObject Request(string hook, JsonObject context, JsonObject prefetch, string? fhirServer, string? accessToken)
    {
        var request = new JsonObject { ["hook"] = hook, ["hookInstance"] = Guid.NewGuid().ToString() };
        if (fhirServer is not null) request["fhirServer"] = fhirServer;
        if (accessToken is not null)
            request["fhirAuthorization"] = new JsonObject
            {
                ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "patient/*.rs", ["subject"] = "smartreasoning",
            };
        request["context"] = context;
        request["prefetch"] = prefetch;
        return request;
    }
}
