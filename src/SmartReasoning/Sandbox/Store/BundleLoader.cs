using SmartReasoning.Fhir.Json;
using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox.FhirServer;

namespace SmartReasoning.Sandbox.Store;

/// <summary>Loads FHIR Bundles from files into the store: transactions as transactions, other bundles resource by resource.</summary>
public sealed class BundleLoader(FhirResourceStore store)
{
    /// <summary>Loads every *.json Bundle under a folder (or one file); returns how many resources were written.</summary>
    /// <exception cref="InvalidDataException">A file is not a FHIR Bundle or its transaction fails.</exception>
    public int LoadPath(string fileOrFolder)
    {
        var files = File.Exists(fileOrFolder)
            ? [fileOrFolder]
            : Directory.EnumerateFiles(fileOrFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        return files.Sum(f => Load(f, File.ReadAllBytes(f)));
    }

    public int Load(string name, byte[] json)
    {
        var parsed = new FhirJsonParser(FhirJsonParserOptions.Lenient).Parse(json);
        if (parsed.Value is not Bundle bundle)
            throw new InvalidDataException($"{name}: not a FHIR Bundle ({string.Join("; ", parsed.Issues.Take(3))})");
        return Load(name, bundle);
    }

    /// <summary>Loads one Bundle: a transaction or batch as such, any other kind resource by resource.</summary>
    public int Load(string name, Bundle bundle)
    {
        if (bundle.Type?.Enum is BundleType.Transaction or BundleType.Batch)
        {
            var (status, body) = new TransactionProcessor(store, "").Process(bundle);
            if (status >= 400 && body is OperationOutcome outcome)
                throw new InvalidDataException($"{name}: {string.Join("; ", outcome.Issue.Select(i => i.Diagnostics?.Value))}");
            return bundle.Entry.Count(e => e.Resource is not null);
        }
        var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        foreach (var r in resources) r.Id ??= FhirResourceStore.NewId();
        store.Apply([.. resources.Select(r => new StoreChange(r.TypeInfo.Name, r.Id!, r))]);
        return resources.Count;
    }
}
