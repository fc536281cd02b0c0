using System.Text.Json.Nodes;

namespace SmartReasoning.Server.Health;

/// <summary>A check's verdict in the health check response format (draft-inadvisable-health-check): pass, warn or fail.</summary>
public enum HealthStatus { Pass, Warn, Fail }

/// <summary>
/// One measurement of one component: <see cref="ComponentId"/> names which (a launch config, the database kind), never a
/// secret or a patient; <see cref="Output"/> says why when it is not a pass.
/// </summary>
public sealed record HealthObservation(HealthStatus Status, string? ComponentId = null, string? ComponentType = null,
    double? ObservedValue = null, string? ObservedUnit = null, string? Output = null);

/// <summary>Something <c>GET /health/ready</c> checks, under its name (<c>component:measurement</c>, as the draft has it).</summary>
public interface IReadinessCheck
{
    string Name { get; }

    /// <summary>The observations now; a failure to check is itself an observation (fail or warn), never an exception.</summary>
    Task<IReadOnlyList<HealthObservation>> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The overall verdict and every check's observations, written as <c>application/health+json</c>.</summary>
public sealed record HealthReport(HealthStatus Status, string Version, IReadOnlyDictionary<string, IReadOnlyList<HealthObservation>> Checks)
{
    public const string MediaType = "application/health+json";

    /// <summary>The worst of the observations: one fail fails the whole, one warn makes it a warn.</summary>
    public static HealthStatus Worst(IEnumerable<HealthObservation> observations) =>
        observations.Select(o => o.Status).DefaultIfEmpty(HealthStatus.Pass).Max();

    public static string Text(HealthStatus status) => status switch
    {
        HealthStatus.Pass => "pass",
        HealthStatus.Warn => "warn",
        _ => "fail",
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["status"] = Text(Status), ["version"] = Version };
        if (Checks.Count == 0) return json;
        var checks = new JsonObject();
        foreach (var (name, observations) in Checks)
            checks[name] = new JsonArray([.. observations.Select(o => (JsonNode)Observation(o))]);
        json["checks"] = checks;
        return json;
    }

    private static JsonObject Observation(HealthObservation o)
    {
        var json = new JsonObject();
        if (o.ComponentId is not null) json["componentId"] = o.ComponentId;
        if (o.ComponentType is not null) json["componentType"] = o.ComponentType;
        json["status"] = Text(o.Status);
        if (o.ObservedValue is { } value) json["observedValue"] = Math.Round(value, 1);
        if (o.ObservedUnit is not null) json["observedUnit"] = o.ObservedUnit;
        if (o.Output is not null) json["output"] = o.Output;
        return json;
    }
}
