using System.Globalization;
using System.Text.Json.Nodes;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>The draft orders order-select and order-sign carry: MedicationRequests with status draft, in a collection Bundle.</summary>
public static class DraftOrders
{
    public const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /// <summary>A draft MedicationRequest for an RxNorm drug.</summary>
    public static JsonObject MedicationRequest(string id, string patientId, string? encounterId, string? requester, string rxNormCode, string display, string? doseText, DateTimeOffset authoredOn)
    {
        var order = new JsonObject
        {
            ["resourceType"] = "MedicationRequest",
            ["id"] = id,
            ["status"] = "draft",
            ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = RxNormSystem, ["code"] = rxNormCode, ["display"] = display }),
                ["text"] = display,
            },
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" },
        };
        if (encounterId is not null) order["encounter"] = new JsonObject { ["reference"] = $"Encounter/{encounterId}" };
        order["authoredOn"] = authoredOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (requester is not null) order["requester"] = new JsonObject { ["reference"] = requester };
        if (!string.IsNullOrWhiteSpace(doseText)) order["dosageInstruction"] = new JsonArray(new JsonObject { ["text"] = doseText.Trim() });
        return order;
    }

    public static JsonObject Bundle(IEnumerable<JsonObject> orders) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. orders.Select(o => (JsonNode)new JsonObject { ["resource"] = o })]),
    };

    /// <summary>The references (<c>MedicationRequest/id</c>) of the orders in a draftOrders Bundle.</summary>
    public static IReadOnlyList<string> References(JsonObject bundle) =>
        bundle["entry"] is JsonArray entries
            ? [.. entries.OfType<JsonObject>().Select(e => e["resource"] as JsonObject).OfType<JsonObject>()
                .Where(r => CdsDiscoveryDocument.Text(r, "resourceType") is not null && CdsDiscoveryDocument.Text(r, "id") is not null)
                .Select(r => $"{CdsDiscoveryDocument.Text(r, "resourceType")}/{CdsDiscoveryDocument.Text(r, "id")}")]
            : [];

    /// <summary>
    /// Draft orders from a file: a MedicationRequest, or a Bundle of them. Each must be valid FHIR; one without an id
    /// gets one (selections refer to it).
    /// </summary>
    public static (JsonObject? Bundle, string? Error) FromJson(byte[] json)
    {
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(json);
        if (!parsed.IsSuccess) return (null, $"not a valid FHIR resource: {string.Join("; ", parsed.Issues.Take(3))}");
        List<MedicationRequest> orders = parsed.Value switch
        {
            MedicationRequest single => [single],
            Bundle bundle => [.. bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>()],
            var other => [],
        };
        if (orders.Count == 0) return (null, $"expected a MedicationRequest or a Bundle of them, not a {parsed.Value!.TypeInfo.Name} without any");
        var n = 0;
        foreach (var order in orders) order.Id ??= $"draft-{++n}";
        return (Bundle(orders.Select(o => JsonNode.Parse(FhirJsonSerializer.SerializeToUtf8Bytes(o))!.AsObject())), null);
    }
}
