using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Pull;

/// <summary>Resources in the order first seen, each Type/id once (the first copy wins); resources without an id are all kept.</summary>
internal sealed class ResourceSet
{
    private readonly List<Resource> _resources = [];
    private readonly HashSet<(string Type, string Id)> _keys = [];

    public int Count => _resources.Count;

    public bool Add(Resource resource)
    {
        if (resource.Id is { Length: > 0 } id && !_keys.Add((resource.TypeInfo.Name, id))) return false;
        _resources.Add(resource);
        return true;
    }

    public void AddRange(IEnumerable<Resource> resources)
    {
        foreach (var resource in resources) Add(resource);
    }

    public bool Contains(string type, string id) => _keys.Contains((type, id));

    public List<Resource> ToList() => [.. _resources];
}
