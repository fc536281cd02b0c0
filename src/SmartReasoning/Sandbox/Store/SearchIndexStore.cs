using SmartReasoning.Sandbox.Search;

namespace SmartReasoning.Sandbox.Store;

/// <summary>
/// The search index of the store: each current resource's <see cref="ResourceIndex"/>, and per type an inverted
/// index from exact-match keys to ids. Kept up to date from <see cref="FhirResourceStore.Changed"/>; the values
/// are computed outside the lock, only the maps are swapped under it.
/// </summary>
public sealed class SearchIndexStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TypeIndex> _byType = new(StringComparer.Ordinal);
    private readonly SearchIndexer _indexer;

    private sealed class TypeIndex
    {
        public Dictionary<string, ResourceIndex> ById { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HashSet<string>> IdsByKey { get; } = new(StringComparer.Ordinal);

        /// <summary>The version each id was last indexed at: concurrent writers may report out of order.</summary>
        public Dictionary<string, int> Versions { get; } = new(StringComparer.Ordinal);
    }

    public SearchIndexStore(FhirResourceStore store, SearchIndexer? indexer = null)
    {
        _indexer = indexer ?? SearchIndexer.Default;
        store.Changed += Apply;
        foreach (var type in store.Types) Apply(store.Current(type));
    }

    public ResourceIndex? Find(string type, string id)
    {
        lock (_gate) return _byType.GetValueOrDefault(type)?.ById.GetValueOrDefault(id);
    }

    /// <summary>The indexed resources of a type that may match the query's candidate keys (all of the type when it has none).</summary>
    public IReadOnlyList<ResourceIndex> Candidates(string type, IReadOnlyList<IReadOnlyList<string>> candidateKeys)
    {
        lock (_gate)
        {
            if (!_byType.TryGetValue(type, out var index)) return [];
            if (candidateKeys.Count == 0) return [.. index.ById.Values];
            // Start from the rarest clause's ids, then keep those that some posting of each other clause holds:
            // never build the union of a common clause (category=laboratory holds half the store).
            var clauses = candidateKeys
                .Select(keys => keys.Select(k => index.IdsByKey.GetValueOrDefault(k)).OfType<HashSet<string>>().ToList())
                .OrderBy(postings => postings.Sum(p => p.Count))
                .ToList();
            var ids = new HashSet<string>(clauses[0].SelectMany(p => p), StringComparer.Ordinal);
            foreach (var postings in clauses.Skip(1))
            {
                if (ids.Count == 0) return [];
                ids.RemoveWhere(id => !postings.Any(p => p.Contains(id)));
            }
            return [.. ids.Select(id => index.ById[id])];
        }
    }

    /// <summary>The ids of a type holding an exact-match key (for _revinclude).</summary>
    public IReadOnlyList<ResourceIndex> WithKey(string type, string key)
    {
        lock (_gate)
            return _byType.TryGetValue(type, out var index) && index.IdsByKey.TryGetValue(key, out var ids) ? [.. ids.Select(id => index.ById[id])] : [];
    }

    /// <summary>Indexes versions the store has applied (internal for tests that replay them out of order).</summary>
    internal void Apply(IReadOnlyList<StoredResource> versions)
    {
        var computed = versions.Select(v => (Version: v, Index: v.Resource is null ? null : _indexer.Index(v.Resource))).ToList();
        lock (_gate)
        {
            foreach (var (version, resourceIndex) in computed)
            {
                if (!_byType.TryGetValue(version.ResourceType, out var index)) _byType[version.ResourceType] = index = new TypeIndex();
                if (index.Versions.GetValueOrDefault(version.Id) > version.VersionId) continue; // a newer version is indexed already
                index.Versions[version.Id] = version.VersionId;
                if (index.ById.Remove(version.Id, out var old))
                    foreach (var key in old.Keys) index.IdsByKey.GetValueOrDefault(key)?.Remove(version.Id);
                if (resourceIndex is null) continue;
                index.ById[version.Id] = resourceIndex;
                foreach (var key in resourceIndex.Keys)
                {
                    if (!index.IdsByKey.TryGetValue(key, out var ids)) index.IdsByKey[key] = ids = new HashSet<string>(StringComparer.Ordinal);
                    ids.Add(version.Id);
                }
            }
        }
    }
}
