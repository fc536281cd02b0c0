using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(SmartReasoning.Tests.WriteBack.LocalPostgres))]

namespace SmartReasoning.Tests.WriteBack;

/// <summary>
/// A PostgreSQL for the tests: the one <c>SMARTREASONING_TEST_POSTGRES</c> names (a connection string), else a private
/// cluster started on first use from the installed binaries (Debian's <c>postgresql</c>; <c>./test.sh</c> installs it):
/// initdb in a temporary folder, listening on a free loopback port, stopped and removed when the tests end. As root
/// the cluster runs as the <c>postgres</c> user, since PostgreSQL refuses to run as root. Each test gets its own database.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _connectionString;
    private string? _skipReason;
    private string? _folder;
    private string? _binaries;
    private bool _asPostgresUser;

    /// <summary>A connection string to a new, empty database; the test is skipped (with the reason) when no PostgreSQL can be had.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var server = await ServerAsync();
        if (server is null) Assert.Skip(_skipReason!);
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var source = NpgsqlDataSource.Create(server))
        await using (var create = source.CreateCommand($"CREATE DATABASE {name}"))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private async Task<string?> ServerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connectionString is not null || _skipReason is not null) return _connectionString;
            if (Environment.GetEnvironmentVariable("SMARTREASONING_TEST_POSTGRES") is { Length: > 0 } configured) return _connectionString = configured;
            _binaries = FindBinaries();
            if (_binaries is null)
            {
                _skipReason = "PostgreSQL is not installed (no initdb): apt-get install postgresql, or set SMARTREASONING_TEST_POSTGRES";
                return null;
            }
            _asPostgresUser = Environment.UserName == "root";
            _folder = Directory.CreateTempSubdirectory("smartreasoning-pg-").FullName;
            if (_asPostgresUser) await RunAsync("chown", ["postgres", _folder], asPostgres: false);
            var port = FreePort();
            await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", Path.Combine(_folder, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"]);
            return _connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            _skipReason = $"a local PostgreSQL could not be started: {e.Message}";
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "initdb")));
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && _asPostgresUser ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres && _asPostgresUser)
        {
            // The postgres user may not be able to enter our working directory (a private temporary clone), and pg_ctl gives up then.
            start.WorkingDirectory = _folder;
            foreach (var a in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(a);
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is not null && _binaries is not null)
        {
            try
            {
                await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Not running: nothing to stop.
            }
            Directory.Delete(_folder, recursive: true);
        }
        _gate.Dispose();
    }
}
