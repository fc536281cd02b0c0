namespace SmartReasoning.Benchmarks;

/// <summary>The inputs the benchmarks read: the R4 examples package and the shared Synthea patients.</summary>
internal static class Corpus
{
    public static string Root { get; } = FindRoot();

    public static string ExamplesFolder => Path.Combine(Root, ".cache", "fhir", "hl7.fhir.r4.examples-4.0.1");

    public static string PatientsFolder => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "patients"));

    /// <summary>Every example resource as bytes (package.json excluded); fetch with tools/fetch-fhir-package.sh.</summary>
    public static byte[][] LoadExamples()
    {
        if (!Directory.Exists(ExamplesFolder))
            throw new DirectoryNotFoundException($"Run tools/fetch-fhir-package.sh first: {ExamplesFolder} is missing.");
        return [.. Fhir.Json.FhirRoundTrip.FindJsonFiles(ExamplesFolder).Select(File.ReadAllBytes)];
    }

    /// <summary>The largest patient bundle in ../shared/data/patients.</summary>
    public static byte[] LoadLargestPatient()
    {
        if (!Directory.Exists(PatientsFolder)) throw new DirectoryNotFoundException($"{PatientsFolder} is missing.");
        var largest = new DirectoryInfo(PatientsFolder).GetFiles("*.json").MaxBy(f => f.Length)!;
        return File.ReadAllBytes(largest.FullName);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartReasoning.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the SmartReasoning repository.");
    }
}
