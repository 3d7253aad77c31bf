using System.Net.Sockets;
using System.Text;
using Kyoten.Agent.Config;
using Kyoten.Agent.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyoten.Agent.Status;

/// <summary>Serves <see cref="StatusProtocol"/> on state/agent.sock (mode 0600) while the daemon runs.</summary>
internal sealed class StatusServer(StatePaths paths, ITelemetrySource source, TimeProvider time, ILogger<StatusServer> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the socket accepts connections (tests and start-up ordering).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        paths.EnsureRoot();
        var path = paths.StatusSocket;
        if (await StatusClient.IsServingAsync(path, stoppingToken).ConfigureAwait(false))
        {
            logger.AlreadyRunning(path);
            throw new InvalidOperationException($"another kyoten-agent is running with state {paths.Root}");
        }

        File.Delete(path); // a stale socket from a daemon that did not exit cleanly
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            File.SetUnixFileMode(path, AtomicFile.OwnerOnly);
            listener.Listen(16);
            logger.Listening(path);
            _listening.TrySetResult();
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _listening.TrySetCanceled(CancellationToken.None);
            File.Delete(path);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var request = await ReadLineAsync(stream, linked.Token).ConfigureAwait(false);
            var answer = request == StatusProtocol.Request
                ? StatusProtocol.Format(source.Snapshot()) + "\n"
                : $"error: unknown request, send \"{StatusProtocol.Request}\"\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            logger.RequestFailed(e);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[StatusProtocol.MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length).Split('\n')[0].Trim();
    }
}
