using SmartReasoning.Sandbox.Store;
using SmartReasoning.Sandbox.Synthetic;

namespace SmartReasoning.Sandbox;

/// <summary>What the sandbox holds at start: the synthetic cohort, any generated extras, and the bundles named by the options.</summary>
public static class SandboxData
{
    /// <summary>Loads everything the options ask for; returns a line per source for the console.</summary>
    /// <exception cref="FileNotFoundException">A data path does not exist.</exception>
    public static IReadOnlyList<string> Populate(FhirResourceStore store, SandboxOptions options)
    {
        var loader = new BundleLoader(store);
        List<string> report = [];
        var restored = 0;
        if (options.DatabasePath is { } database)
        {
            // Lives as long as the process: every change the store applies from now on is appended to it.
            var archive = new SqliteArchive(database);
            var versions = archive.ReadAll();
            store.Restore(versions);
            store.Changed += archive.Append;
            restored = versions.Count;
            report.Add($"restored {versions.Count} versions from {database}");
        }
        if (options.LoadCohort && restored == 0)
        {
            var cohort = SyntheticCohort.Generate();
            report.Add($"loaded {cohort.Sum(b => loader.Load("cohort", b))} resources of the synthetic cohort ({cohort.Count} patients)");
        }
        if (options.SyntheticPatients > 0)
        {
            var many = SyntheticCohort.GenerateMany(options.SyntheticPatients, seed: 2);
            report.Add($"loaded {many.Sum(b => loader.Load("generated", b))} resources of {options.SyntheticPatients} generated patients");
        }
        foreach (var path in options.DataPaths)
        {
            if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"No such file or folder: {path}", path);
            report.Add($"loaded {loader.LoadPath(path)} resources from {path}");
        }
        return report;
    }
}
