using System.Diagnostics.CodeAnalysis;

namespace SmartReasoning.Deidentify;

/// <summary>
/// From the keyed-hash references a model sees (<c>Observation/3f2a...</c>) back to the real ones
/// (<c>Observation/123</c>). It never leaves the process: it is the key that undoes the de-identification.
/// </summary>
public sealed class ReferenceMap
{
    private readonly Dictionary<string, string> _toReal = new(StringComparer.Ordinal);

    public int Count => _toReal.Count;

    /// <summary>Every hashed reference and the real one it stands for.</summary>
    public IReadOnlyDictionary<string, string> Entries => _toReal;

    internal void Add(string hashed, string real) => _toReal.TryAdd(hashed, real);

    /// <summary>The real reference behind a hashed one (<c>Type/hash</c>; a leading base URL is ignored).</summary>
    public bool TryResolve(string hashed, [NotNullWhen(true)] out string? real)
    {
        ArgumentNullException.ThrowIfNull(hashed);
        if (_toReal.TryGetValue(hashed, out real)) return true;
        var parts = hashed.TrimEnd('/').Split('/');
        return parts.Length >= 2 && _toReal.TryGetValue(parts[^2] + "/" + parts[^1], out real);
    }

    /// <summary>The real reference behind a hashed one, or null when the model cited something we never sent.</summary>
    public string? Resolve(string hashed) => TryResolve(hashed, out var real) ? real : null;
}
