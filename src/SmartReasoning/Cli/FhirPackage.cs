using System.Diagnostics;

namespace SmartReasoning.Cli;

/// <summary>
/// Where the CLI finds the FHIR R4 definitions (npm hl7.fhir.r4.examples@4.0.1): the folder named by
/// SMARTREASONING_FHIR_PACKAGE, else the repository's ignored .cache/fhir, fetched there with
/// tools/fetch-fhir-package.sh (as test.sh does) when it is missing.
/// </summary>
internal static class FhirPackage
{
    private const string FolderName = "hl7.fhir.r4.examples-4.0.1";

    public static string? Locate(TextWriter error)
    {
        if (Environment.GetEnvironmentVariable("SMARTREASONING_FHIR_PACKAGE") is { Length: > 0 } configured)
        {
            if (File.Exists(Path.Combine(configured, "package.json"))) return configured;
            error.WriteLine($"SMARTREASONING_FHIR_PACKAGE={configured} holds no FHIR package (no package.json).");
            return null;
        }
        var root = FindRepository();
        if (root is null)
        {
            error.WriteLine("The FHIR R4 definitions were not found: set SMARTREASONING_FHIR_PACKAGE to an extracted hl7.fhir.r4.examples@4.0.1, or run inside the repository.");
            return null;
        }
        var folder = Path.Combine(root, ".cache", "fhir", FolderName);
        if (File.Exists(Path.Combine(folder, "package.json"))) return folder;
        error.WriteLine("Fetching hl7.fhir.r4.examples@4.0.1 (tools/fetch-fhir-package.sh)...");
        try
        {
            using var fetch = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "tools", "fetch-fhir-package.sh")])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            fetch.StandardOutput.ReadToEnd();
            fetch.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            error.WriteLine($"Could not run tools/fetch-fhir-package.sh: {ex.Message}");
        }
        if (File.Exists(Path.Combine(folder, "package.json"))) return folder;
        error.WriteLine("Could not fetch hl7.fhir.r4.examples@4.0.1 from npm.");
        return null;
    }

    private static string? FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "tools", "fetch-fhir-package.sh"))) return dir.FullName;
        return null;
    }
}
