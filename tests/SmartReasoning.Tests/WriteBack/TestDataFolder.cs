[assembly: AssemblyFixture(typeof(SmartReasoning.Tests.WriteBack.TestDataFolder))]

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// Points SmartReasoning's data folder (<c>SMARTREASONING_DATA</c>: the outbox and audit trail of every server a test
/// starts, in process or as a child process) at a temporary folder for the test run, removed at the end, so tests
/// leave nothing in the user's application data.
/// </summary>
public sealed class TestDataFolder : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smartreasoning-test-data-").FullName;

    public TestDataFolder() => Environment.SetEnvironmentVariable("SMARTREASONING_DATA", _folder);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SMARTREASONING_DATA", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its files; the system cleans its temporary folder.
        }
    }
}
