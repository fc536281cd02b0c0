using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SmartReasoning.Sandbox.FhirServer;

/// <summary>
/// The results of searches being paged through: each search's ordered matches are kept under an opaque, unguessable
/// cursor, so the next page is the same result set even when the data changes meanwhile. Bounded in number and age.
/// </summary>
internal sealed class SearchPages(TimeProvider clock)
{
    private const int MaxSearches = 1_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A kept search: its ordered match ids, the parameters it was asked with (for includes on later pages), and whose
    /// it is (the access policy's key, null on an open sandbox): the ids were filtered for that grant alone.
    /// </summary>
    public sealed record Page(IReadOnlyList<string> Ids, IReadOnlyList<(string Name, string Value)> Parameters, DateTimeOffset Created, string? Owner = null);

    private readonly ConcurrentDictionary<string, Page> _pages = new(StringComparer.Ordinal);
    private readonly Lock _keeping = new();

    /// <summary>Keeps a result set; returns its cursor.</summary>
    public string Keep(IReadOnlyList<string> ids, IReadOnlyList<(string Name, string Value)> parameters, string? owner = null)
    {
        var now = clock.GetUtcNow();
        var cursor = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        // Evicting and adding under one lock keeps the bound exact when many searches keep pages at once.
        lock (_keeping)
        {
            if (_pages.Count >= MaxSearches)
                foreach (var (key, _) in _pages.ToArray().OrderBy(p => p.Value.Created).Take(_pages.Count - MaxSearches + 1))
                    _pages.TryRemove(key, out _);
            _pages[cursor] = new Page(ids, parameters, now, owner);
        }
        return cursor;
    }

    /// <summary>A kept result set, or null when the cursor is unknown, expired, or kept for another <paramref name="owner"/>.</summary>
    public Page? Find(string cursor, string? owner = null)
    {
        if (!_pages.TryGetValue(cursor, out var page) || page.Owner != owner) return null;
        if (clock.GetUtcNow() - page.Created <= Lifetime) return page;
        _pages.TryRemove(cursor, out _);
        return null;
    }
}
