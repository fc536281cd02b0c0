using Npgsql;
using SmartReasoning.Tests.Storage;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace SmartReasoning.Tests.Storage;

/// <summary>The test PostgreSQL itself: a real server that holds what one connection wrote for the next, and keeps databases apart.</summary>
public sealed class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_row_written_on_one_connection_is_read_on_another_and_databases_are_separate()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;

        await using (var writer = new NpgsqlConnection(first))
        {
            await writer.OpenAsync(ct);
            await using var create = new NpgsqlCommand("CREATE TABLE note (id int PRIMARY KEY, text text NOT NULL); INSERT INTO note VALUES (1, 'kept')", writer);
            await create.ExecuteNonQueryAsync(ct);
        }
        await using (var reader = new NpgsqlConnection(first))
        {
            await reader.OpenAsync(ct);
            await using var select = new NpgsqlCommand("SELECT text FROM note WHERE id = 1", reader);
            Assert.Equal("kept", await select.ExecuteScalarAsync(ct));
        }
        await using (var other = new NpgsqlConnection(second))
        {
            await other.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('public.note') IS NULL", other);
            Assert.Equal(true, await exists.ExecuteScalarAsync(ct));
        }
    }
}
