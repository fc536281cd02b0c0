namespace SmartReasoning.Fhir.Tests;

/// <summary>Where the tests find their inputs: the repository, the fetched FHIR package, and ../shared.</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The extracted npm package hl7.fhir.r4.examples@4.0.1, fetched by test.sh (tools/fetch-fhir-package.sh).</summary>
    public static string ExamplesPackage => Path.Combine(RepositoryRoot, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");

    /// <summary>The shared Synthea patients beside the repository (absent on a plain clone).</summary>
    public static string SharedPatients => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "patients"));

    public static string GeneratedModelFolder => Path.Combine(RepositoryRoot, "src", "SmartReasoning.Fhir", "Model", "Generated");

    /// <summary>Skips the calling test, saying why, when the FHIR package has not been fetched.</summary>
    public static string RequireExamplesPackage()
    {
        Assert.SkipUnless(File.Exists(Path.Combine(ExamplesPackage, "package.json")),
            "hl7.fhir.r4.examples@4.0.1 is not in .cache/fhir: run ./test.sh (or tools/fetch-fhir-package.sh) to fetch it");
        return ExamplesPackage;
    }

    /// <summary>Skips the calling test when ../shared/data/patients is absent (it is present in CI).</summary>
    public static string RequireSharedPatients()
    {
        Assert.SkipUnless(Directory.Exists(SharedPatients), "../shared/data/patients is absent, so the shared patient bundles were skipped");
        return SharedPatients;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartReasoning.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests must run inside the SmartReasoning repository.");
    }
}
