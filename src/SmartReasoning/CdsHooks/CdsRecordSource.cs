using SmartReasoning.CdsHooks.Trust;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Pull;

namespace SmartReasoning.CdsHooks;

/// <summary>The patient's record for one hook call, where it came from, or why it could not be had (answered 412).</summary>
public sealed record CdsRecord(Bundle? Record, bool Fetched, IReadOnlyList<string> Notes, string? Failure)
{
    public static CdsRecord Failed(string why, IReadOnlyList<string> notes) => new(null, false, notes, why);
}

/// <summary>
/// Gets the record a hook call reasons over: the prefetch when every key reasoning needs is usable; otherwise the record
/// pulled from the request's <c>fhirServer</c> with its <c>fhirAuthorization</c> token, or without one our backend-services
/// token for that EHR (<see cref="BackendFhirAccess"/>), through <see cref="PatientRecordPuller"/>, merged with the usable keys. The <c>fhirServer</c> must be an allowed EHR
/// before anything is sent to it. No usable data (no fhirServer, a server not allowed, a token refused, no Patient) is a failure.
/// </summary>
public sealed class CdsRecordSource(PatientRecordPuller puller, AllowedFhirServers allowed, BackendFhirAccess? backend = null)
{
    public async Task<CdsRecord> ObtainAsync(CdsServiceRequest request, CdsClient? client, CancellationToken cancellationToken)
    {
        var prefetch = ReadPrefetch(request);
        return prefetch.Record ?? await FetchAsync(prefetch, request, client, cancellationToken);
    }

    /// <summary>
    /// The first step, all CPU: the prefetch read key by key. Its <see cref="CdsPrefetch.Record"/> is the answer when the
    /// prefetch is enough (or cannot be used for lack of a Patient); otherwise <see cref="FetchAsync"/> completes it.
    /// </summary>
    public static CdsPrefetch ReadPrefetch(CdsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var keys = PrefetchReader.Read(request);
        var required = request.Service.Prefetch.Where(t => t.Required).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var unusable = keys.Where(k => !k.IsUsable && required.Contains(k.Key)).ToList();
        var notes = keys.Where(k => !k.IsUsable).Select(k => $"prefetch '{k.Key}' was {k.Unusable}").ToList();
        var resources = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => k.IsUsable))
            foreach (var resource in key.Resources) resources[$"{resource.TypeInfo.Name}/{resource.Id}"] = resource;

        CdsRecord? record = null;
        if (unusable.Count == 0)
        {
            record = resources.ContainsKey($"Patient/{request.PatientId}")
                ? new CdsRecord(PulledRecord.Collection(resources.Values), false, notes, null)
                : CdsRecord.Failed("the prefetch holds no Patient for the patient in context", notes);
        }
        return new CdsPrefetch(record, unusable, notes, resources);
    }

    /// <summary>The second step, I/O: what the prefetch lacked, from the request's <c>fhirServer</c>, merged with the usable keys.</summary>
    public async Task<CdsRecord> FetchAsync(CdsPrefetch prefetch, CdsServiceRequest request, CdsClient? client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        ArgumentNullException.ThrowIfNull(request);
        if (prefetch.Record is { } done) return done;
        var (notes, resources) = (prefetch.Notes.ToList(), prefetch.Resources);
        var missing = string.Join(", ", prefetch.Unusable.Select(k => $"'{k.Key}' ({k.Unusable})"));
        if (request.FhirServer is null) return CdsRecord.Failed($"prefetch {missing} cannot be used and the request names no fhirServer to fetch it from", notes);
        if (!allowed.Allows(request.FhirServer, client)) return CdsRecord.Failed($"prefetch {missing} cannot be used and the fhirServer is not an allowed EHR, so nothing is fetched from it", notes);

        // Without fhirAuthorization, our own backend-services token for that EHR when we have a client there; else none (an open server).
        var token = request.FhirAuthorization?.AccessToken
            ?? (backend is null ? null : await backend.TokenAsync(request.FhirServer, cancellationToken));
        var pulled = await puller.PullAsync(request.FhirServer, request.PatientId, _ => ValueTask.FromResult(token), cancellationToken);
        if (pulled.Missing.FirstOrDefault(m => m.HttpStatus is 401) is { } refused)
            return CdsRecord.Failed($"the EHR refused the access token ({refused.What})", notes);
        if (!pulled.Resources.Any(r => r is Patient p && p.Id == request.PatientId))
            return CdsRecord.Failed($"the Patient could not be read from the fhirServer{(pulled.Missing.Count > 0 ? $" ({pulled.Missing[0].What}: {pulled.Missing[0].Reason})" : "")}", notes);
        notes.AddRange(pulled.Missing.Select(m => $"{m.What} could not be fetched: {m.Reason}"));
        notes.Add($"fetched the record from the fhirServer ({pulled.Statistics.ResourceCount} resources)");
        var merged = new Dictionary<string, Resource>(resources, StringComparer.Ordinal);
        foreach (var resource in pulled.Resources) merged[$"{resource.TypeInfo.Name}/{resource.Id}"] = resource;
        return new CdsRecord(PulledRecord.Collection(merged.Values), true, notes, null);
    }
}

/// <summary>
/// The prefetch as read: the record when it is enough (or the failure when it holds no Patient), else null with the
/// required keys that could not be used; the notes on unusable keys, and the resources of the usable ones.
/// </summary>
public sealed record CdsPrefetch(CdsRecord? Record, IReadOnlyList<PrefetchKeyResult> Unusable, IReadOnlyList<string> Notes, IReadOnlyDictionary<string, Resource> Resources);
