using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SmartReasoning.Tests.Storage;

/// <summary>
/// A real PostgreSQL for the tests: a throwaway cluster (initdb) in a temporary folder, listening on 127.0.0.1 on a
/// free port, started once for the test run and removed at its end. Debian's server binaries are found under
/// /usr/lib/postgresql/&lt;version&gt;/bin (test.sh installs the package); as root, the server runs as the postgres user,
/// since PostgreSQL refuses to run as root. When no server is installed, <see cref="Unavailable"/> says why and the
/// PostgreSQL tests report skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Superuser = "smartreasoning";
    private string? _folder;
    private string? _binaries;
    private bool _asPostgresUser;
    private int _databases;

    /// <summary>Why there is no server (no binaries, or it would not start), or null when it runs.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The connection string of the maintenance database (postgres), as the superuser.</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (_binaries is null)
        {
            Unavailable = "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run ./test.sh, which installs it";
            return;
        }
        _asPostgresUser = Environment.UserName == "root";
        _folder = Directory.CreateTempSubdirectory("smartreasoning-pg-").FullName;
        var data = Path.Combine(_folder, "data");
        if (_asPostgresUser && !await RunAsync("chown", "-R", "postgres:postgres", _folder))
        {
            Unavailable = "could not give the cluster folder to the postgres user";
            return;
        }
        var port = FreePort();
        if (!await RunServerToolAsync("initdb", "-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-sync")
            || !await RunServerToolAsync("pg_ctl", "-D", data, "-w", "-t", "60", "-l", Path.Combine(_folder, "server.log"), "-o",
                $"-c listen_addresses=127.0.0.1 -p {port} -k {_folder} -c fsync=off -c max_connections=200", "start"))
        {
            Unavailable = "the PostgreSQL test cluster would not start" + (File.Exists(Path.Combine(_folder, "server.log")) ? ": " + await File.ReadAllTextAsync(Path.Combine(_folder, "server.log")) : "");
            return;
        }
        ConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = Superuser, Database = "postgres", Pooling = true }.ConnectionString;
    }

    /// <summary>A new, empty database for one test class or test, so tests never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Assert.SkipWhen(Unavailable is not null, Unavailable ?? "");
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null) return;
        if (Unavailable is null)
        {
            NpgsqlConnection.ClearAllPools();
            await RunServerToolAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file for a moment; the folder is temporary either way.
        }
    }

    private Task<bool> RunServerToolAsync(string tool, params string[] arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_binaries!, tool), .. arguments])
            : RunAsync(Path.Combine(_binaries!, tool), arguments);

    private static async Task<bool> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start);
        if (process is null) return false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        await drain;
        return process.ExitCode == 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
