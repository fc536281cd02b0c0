using System.Text.Json.Nodes;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Reason;

namespace SmartReasoning.CdsHooks;

/// <summary>The short-lived FHIR access a request carries (<c>fhirAuthorization</c>); the token is never logged or shown.</summary>
public sealed record CdsFhirAuthorization(string AccessToken, string? Scope, string? Subject)
{
    public override string ToString() => $"fhirAuthorization(scope {Scope}, subject {Subject})";
}

/// <summary>A checked hook request (CDS Hooks 2.0, Calling a CDS Service), with its context read for the hook.</summary>
public sealed record CdsServiceRequest
{
    public required CdsServiceDefinition Service { get; init; }

    public required string Hook { get; init; }

    public required string HookInstance { get; init; }

    public string? FhirServer { get; init; }

    public CdsFhirAuthorization? FhirAuthorization { get; init; }

    /// <summary>The user, <c>Practitioner/123</c>.</summary>
    public required string UserId { get; init; }

    public required string PatientId { get; init; }

    public string? EncounterId { get; init; }

    /// <summary>order-select: the orders just chosen, <c>MedicationRequest/draft-1</c>.</summary>
    public IReadOnlyList<string> Selections { get; init; } = [];

    /// <summary>The draft orders (order-select, order-sign) as FHIR resources, each with an id (one is given to those sent without).</summary>
    public IReadOnlyList<Resource> DraftOrders { get; init; } = [];

    /// <summary>References of draft orders that came without an id: nothing may be asked of the EHR about them.</summary>
    public IReadOnlySet<string> UnnamedDrafts { get; init; } = new HashSet<string>();

    /// <summary>
    /// The prefetch as sent: each key's value as its JSON bytes (a slice of the request body, which the parsed resources
    /// keep referring to), or null for a JSON null (keys may be missing).
    /// </summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>?>? Prefetch { get; init; }

    /// <summary>The medication drafts the reasoner considers: for order-select, the selected ones when any are medications.</summary>
    public IReadOnlyList<DraftOrder> MedicationDrafts()
    {
        var medications = DraftOrders.OfType<MedicationRequest>().ToList();
        if (Hook == "order-select")
        {
            var selected = medications.Where(m => Selections.Contains($"MedicationRequest/{m.Id}", StringComparer.Ordinal)).ToList();
            if (selected.Count > 0) medications = selected;
        }
        return [.. medications.Select(DraftOrder.From)];
    }

    /// <summary>The draft order's JSON as sent, by reference (for update actions that change it).</summary>
    public IReadOnlyDictionary<string, JsonObject> DraftJson { get; init; } = new Dictionary<string, JsonObject>();
}
