using SmartReasoning.WriteBack.Access;

namespace SmartReasoning.WriteBack.Outbox;

/// <summary>The bearer token a write is sent with, chosen when it is sent (tokens are never queued).</summary>
public interface IWriteAccessProvider
{
    /// <summary>The token for a write needing <paramref name="needed"/> on <paramref name="resourceTypes"/> at <paramref name="fhirBase"/>; null sends none.</summary>
    /// <exception cref="WriteAccessException">No token can be had: transient (retry later) or not.</exception>
    Task<string?> TokenAsync(string fhirBase, WriteAuth auth, IReadOnlyCollection<string> resourceTypes, ScopeRights needed, CancellationToken cancellationToken);
}

/// <summary>Why no token could be had for a write; <see cref="Transient"/> when trying later may help.</summary>
public sealed class WriteAccessException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>Sends no token: an open FHIR server.</summary>
public sealed class NoWriteAccess : IWriteAccessProvider
{
    public static NoWriteAccess Instance { get; } = new();

    public Task<string?> TokenAsync(string fhirBase, WriteAuth auth, IReadOnlyCollection<string> resourceTypes, ScopeRights needed, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}
