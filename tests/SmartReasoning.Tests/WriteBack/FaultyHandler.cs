using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Stands in front of a real FHIR server and answers the next requests with scripted failures: each fault is a status
/// (with an optional Retry-After) sent instead of forwarding, or after forwarding (the server did the work, the answer
/// was lost). When the script is empty, requests pass through. A fault with <c>When</c> waits at the head of the script
/// for a request it matches (others pass through). Requests <see cref="Slow"/> matches wait <see cref="Latency"/> first (a
/// slow server; cancelling the request ends the wait). Counts what reached the server.
/// </summary>
public sealed class FaultyHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public sealed record Fault(HttpStatusCode Status, TimeSpan? RetryAfter = null, bool AfterForwarding = false, Func<HttpRequestMessage, bool>? When = null);

    public Queue<Fault> Script { get; } = new();

    private int _forwarded;
    private int _injected;

    public int Forwarded => Volatile.Read(ref _forwarded);

    /// <summary>How many scripted faults were answered.</summary>
    public int Injected => Volatile.Read(ref _injected);

    public Func<HttpRequestMessage, bool>? Slow { get; set; }

    public TimeSpan Latency { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Slow?.Invoke(request) == true) await Task.Delay(Latency, cancellationToken);
        Fault? fault;
        lock (Script)
        {
            if (!Script.TryPeek(out fault) || fault.When?.Invoke(request) == false) fault = null;
            else Script.Dequeue();
        }
        if (fault is null) return await Forward(request, cancellationToken);
        Interlocked.Increment(ref _injected);
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
        Interlocked.Increment(ref _forwarded);
        return base.SendAsync(request, cancellationToken);
    }
}
