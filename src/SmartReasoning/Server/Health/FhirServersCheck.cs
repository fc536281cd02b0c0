using System.Diagnostics;
using SmartReasoning.Launch;

namespace SmartReasoning.Server.Health;

/// <summary>
/// Each launch config's FHIR server answering <c>GET {base}/metadata</c> (public, no token sent) within a short timeout,
/// one observation per config, kept a few seconds (<see cref="ProbeCache"/>) so probes do not hammer the EHR. Required:
/// with none reachable, no record can be read (fail). When some answer and others do not, the ones that do not are a
/// warn: the service still serves its other EHRs (and <c>serve</c>'s example configs for public sandboxes do not take
/// an offline machine out of service).
/// </summary>
public sealed class FhirServersCheck(LaunchConfigCatalogue configs, [FromKeyedServices(LaunchServices.HttpClientKey)] HttpClient http, ProbeCache cache) : IReadinessCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public string Name => "fhir:responseTime";

    public async Task<IReadOnlyList<HealthObservation>> CheckAsync(CancellationToken cancellationToken)
    {
        // Read now, not at start: serve adds the local sandbox's config once it has its port.
        var servers = configs.All.GroupBy(c => c.Issuer.TrimEnd('/'), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var observations = await Task.WhenAll(servers.Select(s => cache.GetAsync("fhir " + s.Key, () => ProbeAsync(s.Key, s.First().Name))));
        return observations.Any(o => o.Status == HealthStatus.Pass)
            ? [.. observations.Select(o => o.Status == HealthStatus.Fail ? o with { Status = HealthStatus.Warn } : o)]
            : observations;
    }

    private async Task<HealthObservation> ProbeAsync(string fhirBase, string configName)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = new CancellationTokenSource(Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, fhirBase + "/metadata");
            request.Headers.Accept.ParseAdd("application/fhir+json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return response.IsSuccessStatusCode
                ? new HealthObservation(HealthStatus.Pass, configName, "system", elapsed, "ms")
                : new HealthObservation(HealthStatus.Fail, configName, "system", elapsed, "ms", $"metadata answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new HealthObservation(HealthStatus.Fail, configName, "system", Output: e is HttpRequestException h
                ? $"not reachable ({h.HttpRequestError})"
                : $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
