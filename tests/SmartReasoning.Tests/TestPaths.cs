namespace SmartReasoning.Tests;

/// <summary>Where the tests find the repository (and so ../shared beside it).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmartReasoning.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests must run inside the SmartReasoning repository.");
    }
}
