using System.Collections.Concurrent;

namespace SmartReasoning.CdsHooks.Trust;

/// <summary>The trusted CDS clients by <c>iss</c>: from configuration, plus any added at run time (the sandbox EHR started beside us).</summary>
public sealed class CdsClientRegistry
{
    private readonly ConcurrentDictionary<string, CdsClient> _clients = new(StringComparer.Ordinal);

    public CdsClientRegistry(IEnumerable<CdsClient> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var client in clients) Put(client);
    }

    public CdsClient? Find(string? issuer) => issuer is not null && _clients.TryGetValue(issuer, out var client) ? client : null;

    /// <summary>Adds a client, or replaces the one with the same <c>iss</c>.</summary>
    public void Put(CdsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _clients[client.Issuer] = client;
    }

    public IReadOnlyCollection<CdsClient> All => [.. _clients.Values];
}

/// <summary>
/// The FHIR servers a request's <c>fhirServer</c> may name (no SSRF: no request, and no token, goes anywhere else):
/// those configured, and those each trusted client lists for itself. Compared exactly, ignoring one trailing slash.
/// </summary>
public sealed class AllowedFhirServers(IEnumerable<string> configured, CdsClientRegistry clients)
{
    private readonly ConcurrentDictionary<string, byte> _allowed = new(configured.Select(u => KeyValuePair.Create(Normalise(u), (byte)0)), StringComparer.Ordinal);

    public void Add(string fhirBase) => _allowed[Normalise(fhirBase)] = 0;

    /// <summary>Whether <paramref name="fhirServer"/> may be called for a request from <paramref name="client"/>.</summary>
    public bool Allows(string fhirServer, CdsClient? client)
    {
        if (!Uri.TryCreate(fhirServer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)) return false;
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) return false;
        var key = Normalise(fhirServer);
        if (_allowed.ContainsKey(key)) return true;
        var own = client is null ? null : clients.Find(client.Issuer);
        return own is not null && own.FhirServers.Any(s => Normalise(s) == key);
    }

    private static string Normalise(string url) => url.Trim().TrimEnd('/');
}
