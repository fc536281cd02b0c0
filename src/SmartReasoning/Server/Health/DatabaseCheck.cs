using System.Diagnostics;
using Npgsql;

namespace SmartReasoning.Server.Health;

/// <summary>
/// Where the outbox, audit trail and feedback are kept: PostgreSQL answering <c>select 1</c> within a short timeout when
/// one is configured, else the SQLite data folder accepting a file. Required: without it nothing can be written back.
/// </summary>
public sealed class DatabaseCheck(ServerOptions options, ProbeCache cache) : IReadinessCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public string Name => "database:responseTime";

    public async Task<IReadOnlyList<HealthObservation>> CheckAsync(CancellationToken cancellationToken) =>
        [await cache.GetAsync(Name, () => options.PostgresConnectionString is { } postgres ? PostgresAsync(postgres) : Task.FromResult(SqliteFolder(options.DataFolder)))];

    private static async Task<HealthObservation> PostgresAsync(string connectionString)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = (int)Timeout.TotalSeconds, CommandTimeout = (int)Timeout.TotalSeconds };
            using var deadline = new CancellationTokenSource(Timeout);
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(deadline.Token);
            return new HealthObservation(HealthStatus.Pass, "postgresql", "datastore", Stopwatch.GetElapsedTime(started).TotalMilliseconds, "ms");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or ArgumentException or InvalidOperationException)
        {
            // The exception's message can name the host, never the password; the type says enough.
            return new HealthObservation(HealthStatus.Fail, "postgresql", "datastore", Output: e is OperationCanceledException or TimeoutException
                ? $"no answer within {Timeout.TotalSeconds:0} s"
                : $"not reachable ({e.GetType().Name}{(e is PostgresException pg ? " " + pg.SqlState : "")})");
        }
    }

    private static HealthObservation SqliteFolder(string folder)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".ready-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            return new HealthObservation(HealthStatus.Pass, "sqlite", "datastore", Stopwatch.GetElapsedTime(started).TotalMilliseconds, "ms");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HealthObservation(HealthStatus.Fail, "sqlite", "datastore", Output: "the data folder is not writable");
        }
    }
}
