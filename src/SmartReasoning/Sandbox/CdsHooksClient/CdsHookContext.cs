using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>
/// What the EHR knows when a hook fires: the user, the patient, the encounter, and for order hooks the draft orders
/// (a Bundle of MedicationRequest) and the selected ones. Becomes the request's <c>context</c> and the values of the
/// prefetch tokens.
/// </summary>
public sealed record CdsHookContext
{
    public const string PatientView = "patient-view";
    public const string OrderSelect = "order-select";
    public const string OrderSign = "order-sign";

    public required string Hook { get; init; }

    /// <summary>The user as a FHIR reference, <c>Practitioner/123</c>.</summary>
    public required string UserId { get; init; }

    public required string PatientId { get; init; }

    public string? EncounterId { get; init; }

    /// <summary>order-select: references to the orders just chosen (<c>MedicationRequest/draft-1</c>).</summary>
    public IReadOnlyList<string> Selections { get; init; } = [];

    /// <summary>order-select and order-sign: a Bundle of the draft orders.</summary>
    public JsonObject? DraftOrders { get; init; }

    /// <summary>The hook's context object as CDS Hooks 2.0 defines it for the three hooks the sandbox fires.</summary>
    public JsonObject ToJson()
    {
        var context = new JsonObject { ["userId"] = UserId, ["patientId"] = PatientId };
        if (EncounterId is not null) context["encounterId"] = EncounterId;
        if (Hook == OrderSelect) context["selections"] = new JsonArray([.. Selections.Select(s => (JsonNode)JsonValue.Create(s))]);
        if (Hook is OrderSelect or OrderSign) context["draftOrders"] = DraftOrders?.DeepClone() ?? EmptyBundle();
        return context;
    }

    /// <summary>The prefetch tokens this context can fill, by name (without braces).</summary>
    public IReadOnlyDictionary<string, string> Tokens()
    {
        Dictionary<string, string> tokens = new(StringComparer.Ordinal)
        {
            ["context.userId"] = UserId,
            ["context.patientId"] = PatientId,
        };
        if (EncounterId is not null) tokens["context.encounterId"] = EncounterId;
        // The user* tokens are the id part of userId when it is of that type (CDS Hooks 2.0 §Prefetch tokens).
        foreach (var (token, type) in new[] { ("userPractitionerId", "Practitioner"), ("userPractitionerRoleId", "PractitionerRole"), ("userPatientId", "Patient"), ("userRelatedPersonId", "RelatedPerson") })
            if (UserId.StartsWith(type + "/", StringComparison.Ordinal)) tokens[token] = UserId[(type.Length + 1)..];
        return tokens;
    }

    private static JsonObject EmptyBundle() => new() { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray() };
}
