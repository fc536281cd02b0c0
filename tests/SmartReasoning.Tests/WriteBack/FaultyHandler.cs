using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Stands in front of a real FHIR server and answers the next requests with scripted failures: each fault is a status
/// (with an optional Retry-After) sent instead of forwarding, or after forwarding (the server did the work, the answer
/// was lost). When the script is empty, requests pass through. Counts what reached the server.
/// </summary>
public sealed class FaultyHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public sealed record Fault(HttpStatusCode Status, TimeSpan? RetryAfter = null, bool AfterForwarding = false);

    public Queue<Fault> Script { get; } = new();

    public int Forwarded { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!Script.TryDequeue(out var fault)) return await Forward(request, cancellationToken);
        if (fault.AfterForwarding) (await Forward(request, cancellationToken)).Dispose();
        var response = new HttpResponseMessage(fault.Status)
        {
            Content = new StringContent("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"scripted fault"}]}""",
                Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json")),
        };
        if (fault.RetryAfter is { } wait) response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        return response;
    }

    private Task<HttpResponseMessage> Forward(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Forwarded++;
        return base.SendAsync(request, cancellationToken);
    }
}
