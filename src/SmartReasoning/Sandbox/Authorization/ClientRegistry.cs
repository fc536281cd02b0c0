using System.Collections.Concurrent;

namespace SmartReasoning.Sandbox.Authorization;

/// <summary>The apps the authorization server knows: those configured at start and those that registered themselves.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<string, SmartClient> _clients = new(StringComparer.Ordinal);

    public ClientRegistry(IEnumerable<SmartClient> configured)
    {
        foreach (var client in configured) Register(client);
    }

    public SmartClient? Find(string? clientId) => clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>Every registered client (a snapshot), e.g. to check that a launch URL belongs to one of them.</summary>
    public IReadOnlyList<SmartClient> All => [.. _clients.Values];

    /// <summary>Adds or replaces a client.</summary>
    public void Register(SmartClient client) => _clients[client.ClientId] = client;
}
