namespace SmartReasoning.Browser.Tests;

/// <summary>Where the tests find the repository, the tools ./test.sh installs, and where they leave artifacts.</summary>
internal static class TestEnvironment
{
    /// <summary>Debian's Chromium (apt package <c>chromium</c>); Playwright drives it instead of a downloaded browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The folder tools/fetch-node-packages.sh installs the npm packages into (its node_modules holds fhirclient).</summary>
    public static string NodePackages => Path.Combine(RepositoryRoot, ".cache", "node");

    public static string FhirClientPackage => Path.Combine(NodePackages, "node_modules", "fhirclient");

    /// <summary>Screenshots and traces, beside the .trx files ./test.sh collects.</summary>
    public static string ArtifactFolder => Path.Combine(RepositoryRoot, ".cache", "test-results", "screenshots");

    /// <summary>The <c>node</c> executable on the PATH, or null.</summary>
    public static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Skips the running test unless fhirclient is installed in .cache/node.</summary>
    public static void RequireFhirClient() =>
        Assert.SkipUnless(File.Exists(Path.Combine(FhirClientPackage, "package.json")),
            "npm fhirclient is not installed in .cache/node: run ./test.sh (or tools/fetch-node-packages.sh) to install it");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartReasoning.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests must run inside the SmartReasoning repository.");
    }
}
