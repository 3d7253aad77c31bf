using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kyoten.Testing.Processes;
using Npgsql;

namespace Kyoten.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster made from the machine's server binaries: initdb into a temp
/// folder, started on a free loopback port, stopped and deleted on dispose. Clusters left behind
/// by a crashed run are removed when the next one starts.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string DirectoryPrefix = "kyoten-pg-";
    private const string OsUser = "postgres";
    private int _databaseCounter;

    private PostgresCluster(string dataDirectory, string binDirectory, int port)
    {
        DataDirectory = dataDirectory;
        BinDirectory = binDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public string BinDirectory { get; }

    public int Port { get; }

    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = OsUser,
            Database = database,
            Pooling = true,
            Timeout = 15,
        }.ConnectionString;

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory();
        await RemoveStaleClustersAsync(bin).ConfigureAwait(false);
        var root = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);

        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await ProcessRunner.RunAsync("chown", "-R", $"{OsUser}:", root).ConfigureAwait(false);
        }

        await RunAsUserAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", OsUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], cancellationToken)
            .ConfigureAwait(false);

        for (var attempt = 0; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var start = await RunAsUserAsync(asRoot, Path.Combine(bin, "pg_ctl"),
                ["-D", data, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60", "start",
                 "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"],
                cancellationToken, throwOnError: false).ConfigureAwait(false);
            if (start.ExitCode == 0)
            {
                return new PostgresCluster(data, bin, port);
            }

            if (attempt >= 3)
            {
                var log = File.Exists(Path.Combine(root, "postgres.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "postgres.log"), cancellationToken).ConfigureAwait(false) : "";
                throw new InvalidOperationException($"PostgreSQL did not start: {start.StandardError} {log}");
            }
        }
    }

    /// <summary>Creates an empty database with a unique name, so parallel test classes never share one.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "kyoten", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 20, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAndDeleteAsync(BinDirectory, Path.GetDirectoryName(DataDirectory)!).ConfigureAwait(false);
    }

    private static async Task StopAndDeleteAsync(string bin, string root)
    {
        var data = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            await RunAsUserAsync(Environment.UserName == "root", Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], CancellationToken.None, throwOnError: false)
                .ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is removed by the next run's stale-cluster sweep.
        }
    }

    private static async Task RemoveStaleClustersAsync(string bin)
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (File.Exists(ownerFile)
                && int.TryParse(await File.ReadAllTextAsync(ownerFile).ConfigureAwait(false), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner)
                && IsAlive(owner))
            {
                continue;
            }

            await StopAndDeleteAsync(bin, dir).ConfigureAwait(false);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task<ProcessRunner.Result> RunAsUserAsync(bool asRoot, string program, string[] arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var task = asRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", OsUser, "--", program, .. arguments], TimeSpan.FromMinutes(2), cancellationToken: cancellationToken)
            : ProcessRunner.RunAsync(program, arguments, TimeSpan.FromMinutes(2), cancellationToken: cancellationToken);
        return throwOnError ? task.ContinueWith(t => t.Result.EnsureSuccess(Path.GetFileName(program)), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default) : task;
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's 'postgresql' package (tests/run.sh does).");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
