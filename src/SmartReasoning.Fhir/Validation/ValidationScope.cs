using System.Runtime.InteropServices;
using System.Text.Json;
using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;

namespace SmartReasoning.Fhir.Validation;

/// <summary>One resource being validated: its JSON and typed forms, its location, and what encloses it.</summary>
internal sealed class ResourceScope(JsonElement json, ElementPath path, ResourceScope? parent)
{
    private static readonly FhirJsonParser LenientParser = new(FhirJsonParserOptions.Lenient);
    private Resource? _typed;
    private bool _typedRead;

    public JsonElement Json { get; } = json;

    /// <summary>
    /// The resource read into the typed model (leniently), for the invariants the validator evaluates as FHIRPath;
    /// read on first use from this resource's own JSON text, since most resources need none (the hot invariants are
    /// checked on the JSON, see <see cref="InvariantFastPaths"/>). Null when it cannot be read.
    /// </summary>
    public Resource? Typed
    {
        get
        {
            if (_typedRead) return _typed;
            _typedRead = true;
            try { _typed = LenientParser.Parse(JsonMarshal.GetRawUtf8Value(Json)).Value; }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or InvalidCastException) { _typed = null; }
            if (_typed is not null && _typed.TypeInfo.Name != ResourceType) _typed = null;
            return _typed;
        }
    }
    /// <summary>The location of the resource, e.g. <c>Bundle.entry[0].resource/*Patient/1*/</c>.</summary>
    public ElementPath Path { get; } = path;
    public ResourceScope? Parent { get; } = parent;
    public string ResourceType { get; } = json.Str("resourceType") ?? "";
    public string? Id { get; } = json.Str("id");

    /// <summary>The outermost resource.</summary>
    public ResourceScope Root => Parent?.Root ?? this;

    /// <summary>The entry this resource is (or is inside of) when it sits in a Bundle: its fullUrl.</summary>
    public string? FullUrl { get; init; }

    /// <summary>The Bundle this resource is an entry of (directly or inside a contained resource), if any.</summary>
    public BundleIndex? Bundle { get; init; }

    /// <summary>True for a contained resource (its references to '#' resolve in its container).</summary>
    public bool IsContained { get; init; }

    /// <summary>References met in this resource (location, reference, the type expected list), checked once the resource is walked.</summary>
    public List<(ElementPath Location, string Reference, string Context)> References { get; } = [];

    /// <summary>The FHIRPath environment of invariants evaluated in this resource (made on first use).</summary>
    public SmartReasoning.Fhir.FhirPath.FhirPathEnvironment? Environment { get; set; }

    /// <summary>The resource whose contained resources '#id' references point to.</summary>
    public ResourceScope Container => IsContained && Parent is not null ? Parent : this;
}

/// <summary>The entries of a Bundle by fullUrl and by type/id, for resolving references inside it.</summary>
internal sealed class BundleIndex
{
    public BundleIndex(JsonElement bundle)
    {
        Type = bundle.Str("type");
        // A Parameters resource holds its resources in parameter[].resource, without fullUrls.
        var isParameters = bundle.Str("resourceType") == "Parameters";
        if (!bundle.TryGetProperty(isParameters ? "parameter" : "entry", out var entries) || entries.ValueKind != JsonValueKind.Array) return;
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var fullUrl = entry.Str("fullUrl");
            var resource = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
            var version = resource is { } res && res.TryGetProperty("meta", out var meta) ? meta.Str("versionId") : null;
            Entries.Add((i++, fullUrl, resource?.Str("resourceType"), resource?.Str("id")));
            Resources.Add(resource);
            Versions.Add(version);
        }
    }

    public string? Type { get; }

    public List<(int Index, string? FullUrl, string? ResourceType, string? Id)> Entries { get; } = [];

    /// <summary>Each entry's resource, by the same index as <see cref="Entries"/>.</summary>
    public List<JsonElement?> Resources { get; } = [];

    /// <summary>Each entry's meta.versionId (a versioned reference picks the entry of that version).</summary>
    public List<string?> Versions { get; } = [];

    /// <summary>The entries a reference made from the entry with <paramref name="fromFullUrl"/> points to.</summary>
    public List<int> Resolve(string reference, string? fromFullUrl)
    {
        Index();
        var found = new List<int>();
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0) reference = reference[..hash];
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        var unversioned = history > 0 ? reference[..history] : reference;
        var version = history > 0 ? reference[(history + 10)..] : null;
        var absolute = IsAbsolute(unversioned) ? unversioned : BaseOf(fromFullUrl) is { } b ? b + unversioned : null;
        void Add(List<int>? indices)
        {
            if (indices is null) return;
            foreach (var i in indices)
                if (!found.Contains(i) && (version is null || Versions[i] is not { } v || v == version)) found.Add(i);
        }
        Add(_byFullUrl!.GetValueOrDefault(unversioned));
        if (absolute is not null && absolute != unversioned) Add(_byFullUrl!.GetValueOrDefault(absolute));
        // Entries without an absolute fullUrl are found by type and id (Patient/1, or .../Patient/1).
        var parts = unversioned.Split('/');
        if (parts.Length >= 2) Add(_byTypeAndId!.GetValueOrDefault(parts[^2] + "/" + parts[^1]));
        return found;
    }

    private Dictionary<string, List<int>>? _byFullUrl;
    private Dictionary<string, List<int>>? _byTypeAndId;

    private void Index()
    {
        if (_byFullUrl is not null) return;
        _byFullUrl = new(StringComparer.Ordinal);
        _byTypeAndId = new(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            if (e.FullUrl is not null) Append(_byFullUrl, e.FullUrl, e.Index);
            if ((e.FullUrl is null || !IsAbsolute(e.FullUrl)) && e.ResourceType is not null && e.Id is not null)
                Append(_byTypeAndId, e.ResourceType + "/" + e.Id, e.Index);
        }

        static void Append(Dictionary<string, List<int>> map, string key, int index)
        {
            if (map.TryGetValue(key, out var list)) list.Add(index);
            else map[key] = [index];
        }
    }

    /// <summary>True when the URL starts with a scheme (<c>http:</c>, <c>urn:</c>...).</summary>
    public static bool IsAbsolute(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(url[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!char.IsAsciiLetterOrDigit(url[i]) && url[i] is not ('+' or '.' or '-')) return false;
        return true;
    }

    // http://x/fhir/Patient/1 -> http://x/fhir/
    private static string? BaseOf(string? fullUrl)
    {
        if (fullUrl is null || !fullUrl.Contains("://", StringComparison.Ordinal)) return null;
        var parts = fullUrl.Split('/');
        return parts.Length < 3 ? null : string.Join('/', parts[..^2]) + "/";
    }
}
