using System.Diagnostics;
using SmartReasoning.Reason.Model;

namespace SmartReasoning.Server.Health;

/// <summary>
/// The model endpoint, when one is configured: any HTTP answer from <c>{endpoint}/models</c>, asked without credentials,
/// means it can be reached; no tokens are spent and no key is sent. Never required: without the model the guideline
/// reasoner answers, so an unreachable or misconfigured endpoint is a warn, and none configured is a pass.
/// </summary>
public sealed class ModelEndpointCheck(ServerOptions options, [FromKeyedServices(Launch.LaunchServices.HttpClientKey)] HttpClient http, ProbeCache cache) : IReadinessCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public string Name => "model:responseTime";

    public async Task<IReadOnlyList<HealthObservation>> CheckAsync(CancellationToken cancellationToken)
    {
        ModelOptions? model;
        try
        {
            model = ModelOptions.FromEnvironment(options.EnvironmentVariable);
        }
        catch (InvalidOperationException e)
        {
            // The message names variables, never their values.
            return [new HealthObservation(HealthStatus.Warn, "model", "component", Output: $"misconfigured: {e.Message} The guideline reasoner answers alone.")];
        }
        if (model is null) return [new HealthObservation(HealthStatus.Pass, "model", "component", Output: "not configured: the guideline reasoner answers")];
        return [await cache.GetAsync("model " + model.Endpoint.AbsoluteUri, () => ProbeAsync(model))];
    }

    private async Task<HealthObservation> ProbeAsync(ModelOptions model)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = new CancellationTokenSource(Timeout);
            using var response = await http.GetAsync(new Uri(new Uri(model.Endpoint.AbsoluteUri.TrimEnd('/') + "/"), "models"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            // 401 and 404 are answers too: the endpoint is there.
            return new HealthObservation(HealthStatus.Pass, model.Deployment, "component", Stopwatch.GetElapsedTime(started).TotalMilliseconds, "ms");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new HealthObservation(HealthStatus.Warn, model.Deployment, "component", Output: (e is HttpRequestException h
                ? $"not reachable ({h.HttpRequestError})"
                : $"no answer within {Timeout.TotalSeconds:0} s") + "; the guideline reasoner answers alone");
        }
    }
}
