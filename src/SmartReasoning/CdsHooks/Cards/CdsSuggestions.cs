using System.Text.Json.Nodes;
using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks.Cards;

/// <summary>
/// A finding's suggested actions as CDS Hooks suggestions, one per action: cancel a draft order (<c>delete</c> of its
/// resourceId), replace it (<c>update</c> of the draft with the new drug, or a delete when no drug is named), order a
/// test (<c>create</c> a draft ServiceRequest with the LOINC code), add a problem (<c>create</c> a provisional Condition
/// with the SNOMED CT code). The first suggestion is the recommended one.
/// </summary>
public static class CdsSuggestions
{
    public static JsonArray For(Finding finding, CdsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(request);
        var suggestions = new JsonArray();
        foreach (var action in finding.SuggestedActions)
        {
            if (Action(action, request) is not { } json) continue;
            suggestions.Add(new JsonObject
            {
                ["label"] = Label(action.Description),
                ["uuid"] = Guid.NewGuid().ToString(),
                ["isRecommended"] = suggestions.Count == 0,
                ["actions"] = new JsonArray(json),
            });
        }
        return suggestions;
    }

    private static JsonObject? Action(SuggestedAction action, CdsServiceRequest request) => action.Kind switch
    {
        SuggestedActionKind.CancelDraftOrder when Named(action.OrderReference, request) is { } order => Delete(order, action.Description),
        SuggestedActionKind.ReplaceDraftOrder when Named(action.OrderReference, request) is { } order =>
            action.Code is { } drug && request.DraftJson.TryGetValue(order, out var draft) ? Replace(draft, drug, action.Description) : Delete(order, action.Description),
        SuggestedActionKind.OrderTest when action.Code is { Code: not null } test => Create(ServiceRequest(test, request), action.Description),
        SuggestedActionKind.AddProblem when action.Code is { Code: not null } problem => Create(Condition(problem, request), action.Description),
        _ => null,
    };

    /// <summary>A draft order the EHR knows by this reference (not one that came without an id).</summary>
    private static string? Named(string? reference, CdsServiceRequest request) =>
        reference is not null && request.DraftJson.ContainsKey(reference) && !request.UnnamedDrafts.Contains(reference) ? reference : null;

    private static JsonObject Delete(string reference, string description) => new()
    {
        ["type"] = "delete",
        ["description"] = description,
        ["resourceId"] = new JsonArray(reference),
    };

    private static JsonObject Create(JsonObject resource, string description) => new()
    {
        ["type"] = "create",
        ["description"] = description,
        ["resource"] = resource,
    };

    private static JsonObject Replace(JsonObject draft, Compile.ClinicalCode drug, string description)
    {
        var changed = draft.DeepClone().AsObject();
        changed["medicationCodeableConcept"] = Concept(drug);
        changed.Remove("medicationReference");
        // The dose was written for the other drug.
        changed.Remove("dosageInstruction");
        return new JsonObject { ["type"] = "update", ["description"] = description, ["resource"] = changed };
    }

    private static JsonObject ServiceRequest(Compile.ClinicalCode test, CdsServiceRequest request)
    {
        var order = new JsonObject
        {
            ["resourceType"] = "ServiceRequest",
            ["status"] = "draft",
            ["intent"] = "order",
            ["category"] = new JsonArray(new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://snomed.info/sct", ["code"] = "108252007", ["display"] = "Laboratory procedure" }),
            }),
            ["code"] = Concept(test),
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{request.PatientId}" },
        };
        if (request.EncounterId is { } encounter) order["encounter"] = new JsonObject { ["reference"] = $"Encounter/{encounter}" };
        if (IsPractitioner(request.UserId)) order["requester"] = new JsonObject { ["reference"] = request.UserId };
        return order;
    }

    private static JsonObject Condition(Compile.ClinicalCode problem, CdsServiceRequest request)
    {
        var condition = new JsonObject
        {
            ["resourceType"] = "Condition",
            ["clinicalStatus"] = Coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
            // Provisional until the clinician confirms it; accepting the suggestion puts it on the list for review.
            ["verificationStatus"] = Coded("http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional", "Provisional"),
            ["category"] = new JsonArray(Coded("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")),
            ["code"] = Concept(problem),
            ["subject"] = new JsonObject { ["reference"] = $"Patient/{request.PatientId}" },
        };
        if (request.EncounterId is { } encounter) condition["encounter"] = new JsonObject { ["reference"] = $"Encounter/{encounter}" };
        if (IsPractitioner(request.UserId)) condition["recorder"] = new JsonObject { ["reference"] = request.UserId };
        return condition;
    }

    private static bool IsPractitioner(string userId) =>
        userId.StartsWith("Practitioner/", StringComparison.Ordinal) || userId.StartsWith("PractitionerRole/", StringComparison.Ordinal);

    private static JsonObject Concept(Compile.ClinicalCode code)
    {
        var coding = new JsonObject();
        if (code.System is not null) coding["system"] = code.System;
        if (code.Code is not null) coding["code"] = code.Code;
        coding["display"] = code.Display;
        return new JsonObject { ["coding"] = new JsonArray(coding), ["text"] = code.Display };
    }

    private static JsonObject Coded(string system, string code, string display) =>
        new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }) };

    /// <summary>Suggestion labels are buttons: short, one line.</summary>
    private static string Label(string description)
    {
        var text = description.ReplaceLineEndings(" ").Trim();
        return text.Length <= 80 ? text : text[..79] + "…";
    }
}
