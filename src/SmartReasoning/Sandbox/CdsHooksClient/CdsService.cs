using System.Text.Json.Nodes;

namespace SmartReasoning.Sandbox.CdsHooksClient;

/// <summary>One CDS Service as its discovery document describes it (CDS Hooks 2.0 §Discovery).</summary>
public sealed record CdsService
{
    public required string Id { get; init; }

    public required string Hook { get; init; }

    public string? Title { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The prefetch templates by key, e.g. <c>patient</c> → <c>Patient/{{context.patientId}}</c>.</summary>
    public IReadOnlyDictionary<string, string> Prefetch { get; init; } = new Dictionary<string, string>();

    public string? UsageRequirements { get; init; }

    /// <summary>The discovery URL the service was found at, <c>{base}/cds-services</c>.</summary>
    public required string DiscoveryUrl { get; init; }

    /// <summary>The service's own URL, <c>{base}/cds-services/{id}</c>: where hooks are posted, and the JWT's <c>aud</c>.</summary>
    public string Url => $"{DiscoveryUrl.TrimEnd('/')}/{Uri.EscapeDataString(Id)}";

    public string FeedbackUrl => Url + "/feedback";

    public string Name => string.IsNullOrWhiteSpace(Title) ? Id : Title;
}

/// <summary>Reads a discovery document: <c>{"services":[{hook, title, description, id, prefetch, usageRequirements}]}</c>.</summary>
public static class CdsDiscoveryDocument
{
    /// <summary>The services described, and the problems found (a service without id or hook is left out).</summary>
    public static (IReadOnlyList<CdsService> Services, IReadOnlyList<string> Problems) Read(JsonNode? document, string discoveryUrl)
    {
        List<CdsService> services = [];
        List<string> problems = [];
        if (document is not JsonObject root || root["services"] is not JsonArray array)
        {
            problems.Add("the discovery document has no \"services\" array");
            return (services, problems);
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject entry)
            {
                problems.Add($"services[{i}] is not an object");
                continue;
            }
            var id = Text(entry, "id");
            var hook = Text(entry, "hook");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(hook))
            {
                problems.Add($"services[{i}] has no id or no hook and is ignored");
                continue;
            }
            if (Text(entry, "description") is null) problems.Add($"service '{id}' has no description (required)");
            Dictionary<string, string> prefetch = new(StringComparer.Ordinal);
            if (entry["prefetch"] is JsonObject templates)
            {
                foreach (var (key, value) in templates)
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var template)) prefetch[key] = template;
                    else problems.Add($"service '{id}': prefetch '{key}' is not a string and is ignored");
                }
            }
            else if (entry["prefetch"] is not null) problems.Add($"service '{id}': prefetch is not an object and is ignored");
            services.Add(new CdsService
            {
                Id = id,
                Hook = hook,
                Title = Text(entry, "title"),
                Description = Text(entry, "description") ?? "",
                Prefetch = prefetch,
                UsageRequirements = Text(entry, "usageRequirements"),
                DiscoveryUrl = discoveryUrl,
            });
        }
        return (services, problems);
    }

    internal static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
