using System.Text.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.WriteBack.Access;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>POSTs a queued transaction Bundle as it is; the result names what the server created and what already existed.</summary>
public sealed class TransactionSender(FhirWriteClient client) : IOutboxSender
{
    public OutboxKind Kind => OutboxKind.Transaction;

    public ScopeRights Rights => WriteScopes.ForCreate;

    public IReadOnlyCollection<string> ResourceTypes(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray()
                .Select(e => e.TryGetProperty("request", out var r) && r.TryGetProperty("url", out var u) ? u.GetString()?.Split('/', '?')[0] : null)
                .OfType<string>().Distinct(StringComparer.Ordinal)]
            : [];
    }

    public async Task<SendOutcome> SendAsync(OutboxMessage message, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var answer = await client.PostTransactionAsync(message.FhirBase, token, message.Payload, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { } failure) return failure;
        return answer.Resource is Bundle response
            ? new SendOutcome.Delivered(Summary(response), [.. response.Entry.Select(e => ReferenceOf(e.Response?.Location?.Value ?? e.FullUrl?.Value))])
            : new SendOutcome.Delivered("accepted");
    }

    public AuditSubject Describe(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var document = JsonDocument.Parse(message.Payload);
        var patient = document.RootElement.TryGetProperty("entry", out var entries)
            ? entries.EnumerateArray()
                .Select(e => e.TryGetProperty("resource", out var r) && r.TryGetProperty("subject", out var s) && s.TryGetProperty("reference", out var p) ? p.GetString() : null)
                .FirstOrDefault(p => p is not null && p.StartsWith("Patient/", StringComparison.Ordinal))
            : null;
        return new AuditSubject(Audit.AuditInteraction.Create, patient, null);
    }

    /// <summary><c>Type/id</c> of a location (<c>Type/id/_history/n</c>) or an absolute URL.</summary>
    private static string ReferenceOf(string? location) =>
        string.Join('/', (location ?? "?").Split('/').SkipWhile(p => !char.IsUpper(p.FirstOrDefault())).Take(2));

    /// <summary>"Device/1 existing, Observation/2 created, ..." from a transaction-response.</summary>
    public static string Summary(Bundle response) => string.Join(", ", response.Entry.Select(e =>
    {
        var reference = ReferenceOf(e.Response?.Location?.Value ?? e.FullUrl?.Value);
        var created = e.Response?.Status?.Value?.StartsWith("201", StringComparison.Ordinal) ?? false;
        return $"{reference} {(created ? "created" : "existing")}";
    }));
}
