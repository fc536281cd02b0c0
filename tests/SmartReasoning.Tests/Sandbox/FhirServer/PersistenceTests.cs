using SmartReasoning.Fhir.Model;
using SmartReasoning.Sandbox;
using SmartReasoning.Sandbox.Store;

namespace SmartReasoning.Tests.Sandbox.FhirServer;

/// <summary>With a database, what the sandbox holds survives a restart, versions and deletions included.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sr-sandbox-db-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Versions_and_deletions_are_back_after_a_restart_and_the_cohort_is_not_loaded_twice()
    {
        var options = new SandboxOptions { DatabasePath = Path.Combine(_folder, "sandbox.db") };
        var first = new FhirResourceStore();
        SandboxData.Populate(first, options);
        var cohortCount = first.Count;
        first.Write(new Patient { Id = "p1", Gender = AdministrativeGender.Female });
        first.Write(new Patient { Id = "p1", Gender = AdministrativeGender.Male });
        first.Write(new Patient { Id = "gone" });
        first.Delete("Patient", "gone");

        var second = new FhirResourceStore();
        var report = SandboxData.Populate(second, options);

        Assert.Contains(report, line => line.StartsWith("restored ", StringComparison.Ordinal));
        Assert.Equal(cohortCount + 1, second.Count);
        var p1 = second.Read("Patient", "p1")!;
        Assert.Equal(2, p1.VersionId);
        Assert.Equal(AdministrativeGender.Male, ((Patient)p1.Resource!).Gender!.Enum);
        Assert.Equal(AdministrativeGender.Female, ((Patient)second.ReadVersion("Patient", "p1", 1)!.Resource!).Gender!.Enum);
        Assert.True(second.Read("Patient", "gone")!.IsDeleted);

        // Writes after the restart continue the numbering and are kept too.
        Assert.Equal(3, second.Write(new Patient { Id = "p1" }).VersionId);
    }
}

/// <summary>The search index follows the store, whatever order concurrent writers report their versions in.</summary>
public class SearchIndexStoreTests
{
    [Fact]
    public void An_older_version_reported_late_does_not_replace_the_newer_one_in_the_index()
    {
        var store = new FhirResourceStore();
        var index = new SearchIndexStore(store);
        var v1 = store.Write(new Patient { Id = "p", Gender = AdministrativeGender.Female });
        store.Write(new Patient { Id = "p", Gender = AdministrativeGender.Male });

        // Replay version 1 as if its writer's notification arrived after version 2's.
        index.Apply([v1]);

        var gender = index.Find("Patient", "p")!.Values["gender"].Single().Code;
        Assert.Equal("male", gender);
    }
}
