using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>A hook request ready to send, and notes on what was left out of it and why.</summary>
public sealed record CdsRequest(JsonObject Body, string HookInstance, IReadOnlyList<string> Notes);

/// <summary>The short-lived FHIR access a service gets with a request (<c>fhirAuthorization</c>).</summary>
public sealed record FhirAuthorization(string AccessToken, int ExpiresIn, string Scope, string Subject, string? Patient)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["access_token"] = AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = ExpiresIn,
            ["scope"] = Scope,
            ["subject"] = Subject,
        };
        if (Patient is not null) json["patient"] = Patient;
        return json;
    }
}

/// <summary>
/// Builds a CDS Hooks 2.0 request: hook, hookInstance, fhirServer and fhirAuthorization (when the service may call
/// back), context, and prefetch filled from the service's templates as the <see cref="PrefetchPlan"/> says.
/// </summary>
public static class CdsRequestBuilder
{
    public static async Task<CdsRequest> BuildAsync(CdsService service, CdsHookContext context, PrefetchPlan plan, IPrefetchSource? source,
        string? fhirServer, FhirAuthorization? authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        var hookInstance = Guid.NewGuid().ToString();
        var body = new JsonObject { ["hook"] = context.Hook, ["hookInstance"] = hookInstance };
        if (fhirServer is not null)
        {
            body["fhirServer"] = fhirServer;
            if (authorization is not null) body["fhirAuthorization"] = authorization.ToJson();
        }
        body["context"] = context.ToJson();

        List<string> notes = [];
        var prefetch = new JsonObject();
        var tokens = context.Tokens();
        var keys = service.Prefetch.Keys.ToList();
        foreach (var key in keys)
        {
            var (query, missing) = PrefetchTemplate.Fill(service.Prefetch[key], tokens);
            if (query is null)
            {
                notes.Add($"prefetch '{key}' left out: {{{{{missing}}}}} has no value in this context");
                continue;
            }
            if (plan.AppliesTo(key, keys))
            {
                switch (plan.Mode)
                {
                    case PrefetchMode.Omit:
                        notes.Add($"prefetch '{key}' left out (prefetch option: omit)");
                        continue;
                    case PrefetchMode.Null:
                        prefetch[key] = null;
                        notes.Add($"prefetch '{key}' sent as null (prefetch option: null)");
                        continue;
                    case PrefetchMode.OperationOutcome:
                        prefetch[key] = PrefetchOutcome.Of("exception", $"the CDS client did not fetch {query} (simulated failure)");
                        notes.Add($"prefetch '{key}' sent as an OperationOutcome (prefetch option: outcome)");
                        continue;
                }
            }
            if (source is null)
            {
                notes.Add($"prefetch '{key}' left out: no FHIR server to fetch {query} from");
                continue;
            }
            var value = await source.FetchAsync(query, cancellationToken);
            if (value is JsonObject outcome && CdsDiscoveryDocument.Text(outcome, "resourceType") == "OperationOutcome")
                notes.Add($"prefetch '{key}': {query} failed, sent as an OperationOutcome");
            prefetch[key] = value;
        }
        if (keys.Count > 0) body["prefetch"] = prefetch;
        return new CdsRequest(body, hookInstance, notes);
    }
}
