using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack.Outbox;

namespace SmartReasoning.WriteBack;

/// <summary>
/// The write side's FHIR calls: POST a transaction, GET a search; each answer sorted into delivered, retry later
/// (no connection, timeout, 408, 429 with its Retry-After, 5xx) or rejected for good (any other 4xx).
/// </summary>
public sealed class FhirWriteClient(HttpClient http, OutboxOptions options)
{
    private static readonly FhirJsonParser Parser = new(FhirJsonParserOptions.Lenient);

    /// <summary>An answer that can be used (<see cref="Resource"/>), or what to do instead (<see cref="Failure"/>).</summary>
    public sealed record Answer(Resource? Resource, SendOutcome? Failure);

    public Task<Answer> PostTransactionAsync(string fhirBase, string? token, string bundleJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, fhirBase.TrimEnd('/') + "/", token, bundleJson, cancellationToken);

    public Task<Answer> GetAsync(string fhirBase, string? token, string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, fhirBase.TrimEnd('/') + "/" + relative.TrimStart('/'), token, null, cancellationToken);

    private async Task<Answer> SendAsync(HttpMethod method, string url, string? token, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (token is { Length: > 0 }) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var resource = bytes.Length == 0 ? null : Parser.Parse(bytes).Value;
            return response.IsSuccessStatusCode
                ? new Answer(resource, null)
                : new Answer(resource, Classify(response, resource, options));
        }
        catch (HttpRequestException e)
        {
            return new Answer(null, new SendOutcome.Retry($"the FHIR server could not be reached ({e.HttpRequestError})"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(null, new SendOutcome.Retry($"the FHIR server did not answer within {options.RequestTimeout.TotalSeconds:0.#} s"));
        }
    }

    /// <summary>What a non-2xx answer means for the write.</summary>
    internal static SendOutcome Classify(HttpResponseMessage response, Resource? body, OutboxOptions options)
    {
        var status = (int)response.StatusCode;
        var detail = Diagnostics(body);
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                new SendOutcome.Retry($"the FHIR server asked us to wait ({status}){detail}", RetryAfter(response, options)),
            HttpStatusCode.RequestTimeout => new SendOutcome.Retry($"the FHIR server timed out the request (408){detail}"),
            HttpStatusCode.Conflict => new SendOutcome.Retry($"the FHIR server reported a conflict (409){detail}"),
            HttpStatusCode.PreconditionFailed when !IsAmbiguousMatch(body) =>
                new SendOutcome.Retry($"the resource changed since it was read (412){detail}"),
            // The token may have expired between choosing it and sending; a fresh one is asked for on the next attempt.
            HttpStatusCode.Unauthorized => new SendOutcome.Retry($"the access token was refused (401){detail}"),
            HttpStatusCode.Forbidden => new SendOutcome.Rejected($"forbidden (403): the token's scopes do not allow this write{detail}", status),
            _ when status >= 500 => new SendOutcome.Retry($"the FHIR server failed ({status}){detail}", RetryAfter(response, options)),
            _ => new SendOutcome.Rejected($"the FHIR server refused the write ({status}){detail}", status),
        };
    }

    // A 412 on an If-Match means someone else changed the resource since we read it: read again and retry. A 412 from
    // an ambiguous conditional create (several matches) will not go away by itself.
    private static bool IsAmbiguousMatch(Resource? body) =>
        body is OperationOutcome outcome && outcome.Issue.Any(i => i.Code?.Enum == IssueType.MultipleMatches);

    /// <summary>The wait a <c>Retry-After</c> asks for (seconds or an HTTP date), capped; null when there is none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, OutboxOptions options)
    {
        if (response.Headers.RetryAfter is not { } retryAfter) return null;
        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - options.Clock.GetUtcNow() : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > options.MaxRetryAfter ? options.MaxRetryAfter : w;
    }

    private static string Diagnostics(Resource? body) =>
        body is OperationOutcome outcome && outcome.Issue.Select(i => i.Diagnostics?.Value).FirstOrDefault(d => !string.IsNullOrEmpty(d)) is { } text
            ? ": " + (text.Length > 300 ? text[..300] + "…" : text)
            : "";
}
