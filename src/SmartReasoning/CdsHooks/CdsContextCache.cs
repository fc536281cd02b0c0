using System.Security.Cryptography;
using System.Text;
using SmartReasoning.Compile;

namespace SmartReasoning.CdsHooks;

/// <summary>
/// Compiled contexts of recent hook calls, found again by the content of their prefetch: an EHR sends the same prefetch
/// again when a clinician selects then signs an order, or signs several for one patient, and parsing and compiling a
/// large prefetch is most of a call's work. The key is a SHA-256 of the patient id and every prefetch key's bytes as
/// sent, so a different byte anywhere is a different record; nothing is looked up by patient alone.
/// Bounded in both ways: at most <see cref="Capacity"/> contexts (the least recently used go first) and each for at most
/// <see cref="Lifetime"/> (a context is compiled as of its first call, so it is at most that much older than now).
/// Only records that came wholly from the prefetch are kept, and only for the guideline reasoner (a model reads the
/// de-identified record, which is built per call).
/// </summary>
public sealed class CdsContextCache(int capacity, TimeSpan lifetime, TimeProvider clock)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new(); // most recently used first
    private readonly Lock _lock = new();

    private sealed record Entry(string Key, LongitudinalContext Context, DateTimeOffset Expires);

    public int Capacity { get; } = capacity;

    public TimeSpan Lifetime { get; } = lifetime;

    public bool IsEnabled => Capacity > 0 && Lifetime > TimeSpan.Zero;

    /// <summary>The key of a request's prefetch: null when it has none, or the cache is off.</summary>
    public string? KeyOf(CdsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsEnabled || request.Prefetch is not { Count: > 0 } prefetch) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, request.PatientId);
        foreach (var template in request.Service.Prefetch)
        {
            Append(hash, template.Key);
            if (!prefetch.TryGetValue(template.Key, out var value)) Append(hash, "missing");
            else if (value is not { } bytes) Append(hash, "null");
            else
            {
                AppendLength(hash, bytes.Length);
                hash.AppendData(bytes.Span);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public bool TryGet(string key, out LongitudinalContext context)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Expires > clock.GetUtcNow())
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                    context = node.Value.Context;
                    return true;
                }
                Remove(node);
            }
        }
        context = null!;
        return false;
    }

    public void Put(string key, LongitudinalContext context)
    {
        if (!IsEnabled) return;
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing)) Remove(existing);
            while (_recent.Last is { } oldest && (_entries.Count >= Capacity || oldest.Value.Expires <= now)) Remove(oldest);
            _entries[key] = _recent.AddFirst(new Entry(key, context, now + Lifetime));
        }
    }

    /// <summary>How many contexts are kept now (expired ones included until they are next seen).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recent.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AppendLength(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(bytes, length);
        hash.AppendData(bytes);
    }
}
