using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.FhirServer;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>What accepting a suggestion (or applying system actions) did to the chart.</summary>
public sealed record SuggestionOutcome(bool Succeeded, IReadOnlyList<string> Changes, IReadOnlyList<string> DraftsRemoved, string? Error);

/// <summary>
/// Applies a suggestion's actions to the sandbox's FHIR store as one FHIR transaction (all or nothing), as CDS Hooks
/// 2.0 asks: create → POST, update → PUT, delete → DELETE. A delete of a draft order (one that only exists in the
/// page) removes the draft instead of touching the store.
/// </summary>
public static class SuggestionTransaction
{
    public static SuggestionOutcome Apply(IReadOnlyList<CdsAction> actions, FhirResourceStore store, string fhirBase, IReadOnlyCollection<string> draftOrders)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var bundle = new Bundle { Type = BundleType.Transaction };
        List<string> draftsRemoved = [];
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            switch (action.Type)
            {
                case "create" or "update":
                    var parsed = new FhirJsonParser(FhirJsonParserOptions.Strict).Parse(action.Resource!.ToJsonString());
                    if (!parsed.IsSuccess)
                        return Failed($"action {i + 1} ({action.Type}) carries an invalid resource: {string.Join("; ", parsed.Issues.Take(3))}");
                    var resource = parsed.Value!;
                    var type = resource.TypeInfo.Name;
                    if (action.Type == "update" && !FhirEndpoints.IsValidId(resource.Id ?? ""))
                        return Failed($"action {i + 1} (update): '{resource.Id}' is not a valid id");
                    bundle.Entry.Add(new Bundle.EntryComponent
                    {
                        // A created resource's own id names it within the transaction, so other entries may refer to it.
                        FullUrl = resource.Id is { } own ? new FhirUri { Value = $"{type}/{own}" } : null,
                        Resource = resource,
                        Request = action.Type == "create"
                            ? new Bundle.RequestComponent { Method = HTTPVerb.POST, Url = new FhirUri { Value = type } }
                            : new Bundle.RequestComponent { Method = HTTPVerb.PUT, Url = new FhirUri { Value = $"{type}/{resource.Id}" } },
                    });
                    break;
                case "delete":
                    IEnumerable<string> targets = action.ResourceIds.Count > 0
                        ? action.ResourceIds
                        : [$"{CdsDiscoveryDocument.Text(action.Resource!, "resourceType")}/{CdsDiscoveryDocument.Text(action.Resource!, "id")}"];
                    foreach (var target in targets.Select(t => t.Trim('/')))
                    {
                        if (draftOrders.Contains(target, StringComparer.Ordinal))
                        {
                            draftsRemoved.Add(target);
                            continue;
                        }
                        bundle.Entry.Add(new Bundle.EntryComponent
                        {
                            Request = new Bundle.RequestComponent { Method = HTTPVerb.DELETE, Url = new FhirUri { Value = target } },
                        });
                    }
                    break;
            }
        }
        if (bundle.Entry.Count == 0) return new SuggestionOutcome(true, [], draftsRemoved, null);

        var (status, body) = new TransactionProcessor(store, fhirBase).Process(bundle);
        if (status >= 400 || body is not Bundle response)
        {
            var reason = body is OperationOutcome outcome ? string.Join("; ", outcome.Issue.Select(i => i.Diagnostics?.Value)) : $"status {status}";
            return Failed(reason);
        }
        List<string> changes = [];
        for (var i = 0; i < response.Entry.Count && i < bundle.Entry.Count; i++)
        {
            var request = bundle.Entry[i].Request!;
            var location = response.Entry[i].Response?.Location?.Value;
            var what = location is null ? request.Url!.Value! : location.Split("/_history")[0];
            changes.Add($"{request.Method?.Enum switch { HTTPVerb.POST => "created", HTTPVerb.PUT => "updated", _ => "deleted" }} {what}");
        }
        return new SuggestionOutcome(true, changes, draftsRemoved, null);

        SuggestionOutcome Failed(string error) => new(false, [], [], error);
    }
}
