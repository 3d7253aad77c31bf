using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kyoten.Testing.Network;
using Kyoten.Testing.Processes;

namespace Kyoten.Testing.StrongSwan;

/// <summary>
/// Debian's charon running inside one <see cref="NetNamespace"/> with a private strongswan.conf,
/// swanctl folder, vici socket, log file and /run (the Debian build always writes
/// /var/run/charon.pid, so two daemons on one host need separate mount namespaces). ESP runs in
/// charon's userspace kernel-libipsec (TUN device ipsec0), since the kernel here has no ESP.
/// Controlled through swanctl over the private vici socket; swanctl runs in the root namespace,
/// which reaches a Unix socket by its path.
/// </summary>
public sealed class StrongSwanPeer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _charon;
    private readonly ITestOutputHelper? _output;
    private readonly StringBuilder _console = new();
    private int _disposed;

    private StrongSwanPeer(NetNamespace ns, StrongSwanPeerOptions options, string directory, Process charon, ITestOutputHelper? output)
    {
        Namespace = ns;
        Options = options;
        Directory = directory;
        _charon = charon;
        _output = output;
    }

    public NetNamespace Namespace { get; }

    public StrongSwanPeerOptions Options { get; }

    /// <summary>The peer's private folder: strongswan.conf, swanctl/, charon.log, charon.vici.</summary>
    public string Directory { get; }

    public string SwanctlDirectory => Path.Combine(Directory, "swanctl");

    public string LogPath => Path.Combine(Directory, "charon.log");

    public string ViciUri => "unix://" + Path.Combine(Directory, "charon.vici");

    /// <summary>Writes the configuration, starts charon, waits until vici answers and loads everything.</summary>
    public static async Task<StrongSwanPeer> StartAsync(NetNamespace ns, StrongSwanPeerOptions options, ITestOutputHelper? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(options);
        output ??= TestContext.Current.TestOutputHelper;
        var directory = Path.Combine(Path.GetTempPath(), $"kyoten-swan-{options.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        WriteFiles(directory, options);

        // Inside the namespace: a private mount namespace with a tmpfs over /run, then exec charon
        // so that the started process is charon itself (SIGTERM reaches it on dispose).
        var charon = ns.Start(
            "unshare",
            ["-m", "--propagation", "private", "sh", "-c", $"mount -t tmpfs tmpfs /run && exec {StrongSwanPaths.Charon}"],
            new Dictionary<string, string> { ["STRONGSWAN_CONF"] = Path.Combine(directory, "strongswan.conf") });
        var peer = new StrongSwanPeer(ns, options, directory, charon, output);
        charon.OutputDataReceived += peer.OnConsole;
        charon.ErrorDataReceived += peer.OnConsole;
        charon.BeginOutputReadLine();
        charon.BeginErrorReadLine();
        try
        {
            await peer.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            await peer.SwanctlAsync(["--load-all", "--file", Path.Combine(peer.SwanctlDirectory, "swanctl.conf")], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return peer;
    }

    /// <summary>Initiates a CHILD SA (and its IKE SA if needed); throws with the log when it fails.</summary>
    public Task<ProcessRunner.Result> InitiateAsync(string child, CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--initiate", "--child", child, "--timeout", "20"], cancellationToken);

    /// <summary>Like <see cref="InitiateAsync"/> but returns a failed result instead of throwing.</summary>
    public Task<ProcessRunner.Result> TryInitiateAsync(string child, CancellationToken cancellationToken = default) =>
        TrySwanctlAsync(["--initiate", "--child", child, "--timeout", "20"], cancellationToken);

    /// <summary>Deletes the IKE SA (and its CHILD SAs) of connection <paramref name="ike"/> with an INFORMATIONAL exchange.</summary>
    public Task<ProcessRunner.Result> TerminateIkeAsync(string ike, CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--terminate", "--ike", ike, "--timeout", "20"], cancellationToken);

    /// <summary>Queues a CHILD SA rekey; charon returns before the exchange is done, so wait on <see cref="WaitForSasAsync"/>.</summary>
    public Task<ProcessRunner.Result> RekeyChildAsync(string child, CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--rekey", "--child", child], cancellationToken);

    /// <summary>Queues an IKE SA rekey; charon returns before the exchange is done, so wait on <see cref="WaitForSasAsync"/>.</summary>
    public Task<ProcessRunner.Result> RekeyIkeAsync(string ike, CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--rekey", "--ike", ike], cancellationToken);

    /// <summary>All IKE SAs with their CHILD SAs, from <c>swanctl --list-sas --pretty</c>.</summary>
    public async Task<IReadOnlyList<IkeSaInfo>> ListSasAsync(CancellationToken cancellationToken = default)
    {
        var result = await SwanctlAsync(["--list-sas", "--pretty"], cancellationToken).ConfigureAwait(false);
        return IkeSaInfo.ParseListSas(result.StandardOutput);
    }

    /// <summary>
    /// Polls the SA list until <paramref name="condition"/> holds (bounded: 150 tries, 100 ms apart)
    /// and returns that list; throws with the log when it never does.
    /// </summary>
    public async Task<IReadOnlyList<IkeSaInfo>> WaitForSasAsync(Func<IReadOnlyList<IkeSaInfo>, bool> condition, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        IReadOnlyList<IkeSaInfo> sas = [];
        for (var attempt = 0; attempt < 150; attempt++)
        {
            sas = await ListSasAsync(cancellationToken).ConfigureAwait(false);
            if (condition(sas))
            {
                return sas;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"[{Options.Name}] never saw: {what}. Last SAs: {string.Join("; ", sas)}\n{ReadLog()}");
    }

    /// <summary>
    /// Polls charon's log until it contains <paramref name="text"/> (bounded: 150 tries, 100 ms
    /// apart), for events swanctl does not list, such as DPD exchanges; throws with the log otherwise.
    /// </summary>
    public async Task WaitForLogAsync(string text, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (ReadLog().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"[{Options.Name}] log never showed '{text}':\n{ReadLog()}");
    }

    /// <summary>charon's log so far (IKE/CFG/CHD/KNL at level 2): where refusals and their reasons are.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async Task<ProcessRunner.Result> SwanctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var result = await TrySwanctlAsync(list, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"[{Options.Name}] swanctl {string.Join(' ', list)} failed ({result.ExitCode}): {result.StandardError.Trim()} {result.StandardOutput.Trim()}\n--- charon log ---\n{ReadLog()}");
        }

        return result;
    }

    public Task<ProcessRunner.Result> TrySwanctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(
            StrongSwanPaths.Swanctl,
            [.. arguments, "--uri", ViciUri],
            CommandTimeout,
            new Dictionary<string, string> { ["SWANCTL_DIR"] = SwanctlDirectory },
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        string console;
        lock (_console)
        {
            console = _console.ToString();
        }

        try
        {
            _output?.WriteLine($"--- charon log of {Options.Name} ({Namespace.Name}) ---\n{ReadLog()}{console}--- end of {Options.Name} ---");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished and its output is closed.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task StopAsync()
    {
        try
        {
            if (_charon.HasExited)
            {
                return;
            }

            // SIGTERM lets charon delete its SAs and flush the log; SIGKILL if it hangs.
            await ProcessRunner.RunAsync("kill", "-TERM", _charon.Id.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _charon.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _charon.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        ProcessRunner.Result? last = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_charon.HasExited)
            {
                break;
            }

            last = await TrySwanctlAsync(["--stats"], cancellationToken).ConfigureAwait(false);
            if (last.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        string console;
        lock (_console)
        {
            console = _console.ToString();
        }

        throw new InvalidOperationException($"[{Options.Name}] charon did not answer on {ViciUri}: {last?.StandardError.Trim()}\n{console}\n{ReadLog()}");
    }

    private void OnConsole(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not null)
        {
            lock (_console)
            {
                _console.AppendLine(e.Data);
            }
        }
    }

    private static void WriteFiles(string directory, StrongSwanPeerOptions options)
    {
        var swanctl = Path.Combine(directory, "swanctl");
        foreach (var folder in StrongSwanPaths.SwanctlFolders)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(swanctl, folder));
        }

        File.WriteAllText(Path.Combine(directory, "strongswan.conf"), StrongSwanConfWriter.Write(Path.Combine(directory, "charon.log"), Path.Combine(directory, "charon.vici")));
        File.WriteAllText(Path.Combine(swanctl, "swanctl.conf"), SwanctlConfWriter.Write(options.Connections));
        for (var i = 0; i < options.CaCertificates.Count; i++)
        {
            File.WriteAllText(Path.Combine(swanctl, "x509ca", $"ca{i}.pem"), options.CaCertificates[i]);
        }

        foreach (var credential in options.Credentials)
        {
            File.WriteAllText(Path.Combine(swanctl, "x509", credential.CertificateFile), credential.CertificatePem);
            var key = Path.Combine(swanctl, "private", credential.Name + ".pem");
            File.WriteAllText(key, credential.PrivateKeyPem);
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
