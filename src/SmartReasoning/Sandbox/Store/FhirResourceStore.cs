using System.Globalization;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Sandbox.Store;

/// <summary>A change to apply to the store: a resource to write (create or update) or a deletion.</summary>
public sealed record StoreChange(string ResourceType, string Id, Resource? Resource);

/// <summary>
/// The sandbox's versioned resource store, in memory. Every write makes a new version with meta.versionId and
/// meta.lastUpdated set; several writes can be applied atomically (a transaction). Thread-safe: one lock guards
/// the maps, and stored versions are immutable, so readers never see a half-applied transaction.
/// </summary>
public sealed class FhirResourceStore(TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, List<StoredResource>>> _byType = new(StringComparer.Ordinal);

    /// <summary>Raised after changes are applied (with the versions written), under no lock: the search index listens.</summary>
    public event Action<IReadOnlyList<StoredResource>>? Changed;

    /// <summary>The current version, or null when the resource never existed; a deleted one is returned with <see cref="StoredResource.IsDeleted"/>.</summary>
    public StoredResource? Read(string type, string id)
    {
        lock (_gate) return History(type, id) is { Count: > 0 } versions ? versions[^1] : null;
    }

    public StoredResource? ReadVersion(string type, string id, int versionId)
    {
        lock (_gate) return History(type, id)?.FirstOrDefault(v => v.VersionId == versionId);
    }

    /// <summary>All versions of a resource, newest first.</summary>
    public IReadOnlyList<StoredResource> HistoryOf(string type, string id)
    {
        lock (_gate) return History(type, id) is { } versions ? [.. Enumerable.Reverse(versions)] : [];
    }

    /// <summary>The current, not deleted, versions of every resource of a type (a snapshot).</summary>
    public IReadOnlyList<StoredResource> Current(string type)
    {
        lock (_gate)
        {
            if (!_byType.TryGetValue(type, out var byId)) return [];
            List<StoredResource> current = new(byId.Count);
            foreach (var versions in byId.Values)
                if (!versions[^1].IsDeleted) current.Add(versions[^1]);
            return current;
        }
    }

    /// <summary>The resource types that hold at least one resource.</summary>
    public IReadOnlyList<string> Types
    {
        get { lock (_gate) return [.. _byType.Keys]; }
    }

    public int Count
    {
        get { lock (_gate) return _byType.Values.Sum(t => t.Values.Count(v => !v[^1].IsDeleted)); }
    }

    /// <summary>A new id for a created resource: 16 hex characters, unguessable enough for a sandbox.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>Writes one resource (create or update) and returns the new version.</summary>
    public StoredResource Write(Resource resource) => Apply([new StoreChange(resource.TypeInfo.Name, resource.Id!, resource)])[0];

    /// <summary>Deletes a resource; returns the deletion version, or null when there was nothing to delete.</summary>
    public StoredResource? Delete(string type, string id)
    {
        var current = Read(type, id);
        return current is null || current.IsDeleted ? null : Apply([new StoreChange(type, id, null)])[0];
    }

    /// <summary>Applies several changes as one: all become visible together. Each resource's meta is updated in place.</summary>
    public IReadOnlyList<StoredResource> Apply(IReadOnlyList<StoreChange> changes)
    {
        // Versions are numbered and serialized under the lock, so a transaction appears whole or not at all.
        List<StoredResource> written = new(changes.Count);
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            foreach (var change in changes)
            {
                var versions = History(change.ResourceType, change.Id, create: true)!;
                var versionId = versions.Count == 0 ? 1 : versions[^1].VersionId + 1;
                byte[]? json = null;
                if (change.Resource is { } resource)
                {
                    resource.Id = change.Id;
                    resource.Meta ??= new Meta();
                    resource.Meta.VersionId = new Id { Value = versionId.ToString(CultureInfo.InvariantCulture) };
                    resource.Meta.LastUpdated = new Instant { Value = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };
                    json = FhirJsonSerializer.SerializeToUtf8Bytes(resource);
                }
                var version = new StoredResource(change.ResourceType, change.Id, versionId, now, change.Resource, json);
                versions.Add(version);
                written.Add(version);
            }
        }
        Changed?.Invoke(written);
        return written;
    }

    /// <summary>Puts back versions kept elsewhere (a restart from an archive), as they were: numbers and JSON unchanged.</summary>
    public void Restore(IReadOnlyList<StoredResource> versions)
    {
        lock (_gate)
            foreach (var version in versions) History(version.ResourceType, version.Id, create: true)!.Add(version);
        Changed?.Invoke(versions);
    }

    private List<StoredResource>? History(string type, string id, bool create = false)
    {
        if (!_byType.TryGetValue(type, out var byId))
        {
            if (!create) return null;
            _byType[type] = byId = new Dictionary<string, List<StoredResource>>(StringComparer.Ordinal);
        }
        if (!byId.TryGetValue(id, out var versions) && create) byId[id] = versions = [];
        return versions;
    }
}
