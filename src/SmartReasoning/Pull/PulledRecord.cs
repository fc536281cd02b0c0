using SmartReasoning.Compile;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Pull;

/// <summary>
/// A patient's resources as obtained (each Type/id once), what could not be obtained and why, and how the pull went.
/// A non-empty <see cref="Missing"/> makes the record partial; nothing is left out silently.
/// </summary>
public sealed record PulledRecord(string PatientId, IReadOnlyList<Resource> Resources, IReadOnlyList<MissingData> Missing, PullStatistics Statistics)
{
    public bool IsComplete => Missing.Count == 0;

    /// <summary>The resources as a collection Bundle, the form the compiler and the reasoner read.</summary>
    public Bundle ToBundle() => Collection(Resources);

    public static Bundle Collection(IEnumerable<Resource> resources)
    {
        var bundle = new Bundle { Type = BundleType.Collection };
        foreach (var resource in resources) bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        return bundle;
    }
}

/// <summary>How a pull went: HTTP requests sent (every attempt counts), retries among them, resources kept per type, and time taken.</summary>
public sealed record PullStatistics(int Requests, int Retries, IReadOnlyDictionary<string, int> ResourcesByType, TimeSpan Elapsed, bool UsedEverything)
{
    public static PullStatistics Of(IReadOnlyList<Resource> resources, int requests = 0, int retries = 0, TimeSpan elapsed = default, bool usedEverything = false) =>
        new(requests, retries, CountByType(resources), elapsed, usedEverything);

    public int ResourceCount => ResourcesByType.Values.Sum();

    internal static SortedDictionary<string, int> CountByType(IEnumerable<Resource> resources)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in resources) counts[resource.TypeInfo.Name] = counts.GetValueOrDefault(resource.TypeInfo.Name) + 1;
        return counts;
    }
}

/// <summary>A pull under way: what was just read, resources read so far (duplicates included) and requests sent.</summary>
public sealed record PullProgress(string Fetching, int Resources, int Requests);
