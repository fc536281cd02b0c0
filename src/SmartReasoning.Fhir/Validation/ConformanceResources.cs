using System.Collections.Concurrent;
using System.Text.Json;

namespace SmartReasoning.Fhir.Validation;

/// <summary>
/// The conformance resources (StructureDefinition, ValueSet, CodeSystem) a validator reads, found by canonical URL.
/// The R4 core package is indexed once per folder (only the top-level <c>url</c> of each file is read), and a
/// resource's JSON is parsed the first time it is asked for. Extra folders or files (our own fhir-profiles/, a
/// test's supporting files) are layered on top: their resources win over the core ones with the same URL.
/// Thread-safe; the core instance is shared by every validator in the process.
/// </summary>
public sealed class ConformanceResources
{
    private static readonly ConcurrentDictionary<string, ConformanceResources> CoreByFolder = new(StringComparer.Ordinal);
    private static readonly string[] Kinds = ["StructureDefinition", "ValueSet", "CodeSystem"];

    private readonly ConformanceResources? _parent;
    private readonly Dictionary<string, Entry> _byUrl = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StructureDefinitionInfo?> _structures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StructureDefinitionInfo?> _types = new(StringComparer.Ordinal);
    private readonly List<(string Type, string Profile)> _globals = [];

    /// <summary>The profiles the loaded ImplementationGuides declare global for a resource type (<c>ImplementationGuide.global</c>).</summary>
    public IEnumerable<string> GlobalProfiles(string resourceType)
    {
        for (var layer = this; layer is not null; layer = layer._parent)
            foreach (var (type, profile) in layer._globals)
                if (type == resourceType) yield return profile;
    }

    private ConformanceResources(ConformanceResources? parent) => _parent = parent;

    /// <summary>The core definitions of the extracted package hl7.fhir.r4.examples@4.0.1, indexed once per folder.</summary>
    public static ConformanceResources Core(string packageFolder) =>
        CoreByFolder.GetOrAdd(Path.GetFullPath(packageFolder), static folder =>
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No FHIR package at {folder}");
            var core = new ConformanceResources(null);
            foreach (var kind in Kinds)
                foreach (var file in Directory.EnumerateFiles(folder, kind + "-*.json"))
                    core.IndexFile(file, kind);
            return core;
        });

    /// <summary>A layer over these resources holding the conformance resources of each file or folder given.</summary>
    public ConformanceResources With(IEnumerable<string> filesOrFolders)
    {
        var layer = new ConformanceResources(this);
        foreach (var path in filesOrFolders)
        {
            if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories)) layer.IndexFile(file, null);
            else if (File.Exists(path)) layer.IndexFile(path, null);
            else throw new FileNotFoundException($"No definitions file or folder at {path}", path);
        }
        return layer;
    }

    /// <summary>A layer over these resources holding conformance resources already parsed (JSON text).</summary>
    public ConformanceResources WithJson(IEnumerable<string> jsonResources)
    {
        var layer = new ConformanceResources(this);
        foreach (var json in jsonResources) layer.Add(JsonDocument.Parse(json).RootElement, null);
        return layer;
    }

    /// <summary>Every canonical URL held here and below (for listing and tests).</summary>
    public IEnumerable<string> Urls(string resourceType) =>
        _byUrl.Where(p => p.Value.ResourceType == resourceType).Select(p => p.Key)
            .Concat(_parent?.Urls(resourceType) ?? []).Distinct(StringComparer.Ordinal);

    /// <summary>The JSON of the resource with this canonical URL (a <c>|version</c> suffix is ignored), or null.</summary>
    public JsonElement? Find(string? canonical, string resourceType)
    {
        if (string.IsNullOrEmpty(canonical)) return null;
        var url = StripVersion(canonical);
        for (var layer = this; layer is not null; layer = layer._parent)
            if (layer._byUrl.TryGetValue(url, out var entry) && entry.ResourceType == resourceType) return entry.Json;
        return null;
    }

    /// <summary>The StructureDefinition with this URL, with a snapshot (generated when it has none), or null.</summary>
    public StructureDefinitionInfo? FindStructure(string? canonical)
    {
        if (string.IsNullOrEmpty(canonical)) return null;
        var url = StripVersion(canonical);
        // A structure is built (and cached) by the layer that holds it, so the core types are built once per process.
        var owner = OwnerOf(url, "StructureDefinition");
        if (owner is null) return null;
        if (owner != this) return owner.FindStructure(url);
        // Looked up first: the factory captures this, and would be allocated on every call.
        return _structures.TryGetValue(url, out var known) ? known : _structures.GetOrAdd(url, u => StructureDefinitionInfo.Build(Find(u, "StructureDefinition")!.Value, this));
    }

    /// <summary>The core StructureDefinition of a FHIR type (<c>Patient</c>, <c>HumanName</c>, <c>string</c>).</summary>
    public StructureDefinitionInfo? FindType(string typeName) =>
        _types.TryGetValue(typeName, out var found) ? found
            : _types.GetOrAdd(typeName, t => FindStructure(t.Contains(':', StringComparison.Ordinal) ? t : "http://hl7.org/fhir/StructureDefinition/" + t));

    internal static string StripVersion(string canonical)
    {
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? canonical : canonical[..bar];
    }

    private ConformanceResources? OwnerOf(string url, string resourceType)
    {
        for (var layer = this; layer is not null; layer = layer._parent)
            if (layer._byUrl.TryGetValue(url, out var entry) && entry.ResourceType == resourceType) return layer;
        return null;
    }

    private void IndexFile(string file, string? expectedKind)
    {
        if (expectedKind is not null)
        {
            // Core: read only the top-level url now; parse the whole file when first asked for.
            var url = ReadTopLevelUrl(file);
            if (url is not null) _byUrl.TryAdd(url, new Entry(expectedKind, file));
            return;
        }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(file)); }
        catch (JsonException) { return; }
        Add(doc.RootElement, file);
    }

    private void Add(JsonElement root, string? file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceType", out var rt)) return;
        var type = rt.GetString();
        if (type == "Bundle" && root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in entries.EnumerateArray())
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("resource", out var r)) Add(r, file);
            return;
        }
        if (type == "ImplementationGuide" && root.TryGetProperty("global", out var globals) && globals.ValueKind == JsonValueKind.Array)
            foreach (var g in globals.EnumerateArray())
                if (g.Str("type") is { } gt && g.Str("profile") is { } gp) _globals.Add((gt, gp));
        if (type is null || Array.IndexOf(Kinds, type) < 0) return;
        if (!root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String) return;
        _byUrl[StripVersion(url.GetString()!)] = new Entry(type, file) { Parsed = root };
    }

    private static string? ReadTopLevelUrl(string file)
    {
        var reader = new Utf8JsonReader(File.ReadAllBytes(file));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUrl = reader.ValueTextEquals("url"u8);
            reader.Read();
            if (isUrl && reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
        }
        return null;
    }

    private sealed class Entry(string resourceType, string? file)
    {
        private readonly Lock _lock = new();
        public string ResourceType { get; } = resourceType;
        public JsonElement? Parsed { get; init; }
        private JsonElement? _loaded;

        public JsonElement Json
        {
            get
            {
                if (Parsed is { } p) return p;
                lock (_lock) return _loaded ??= JsonDocument.Parse(File.ReadAllBytes(file!)).RootElement;
            }
        }
    }
}
