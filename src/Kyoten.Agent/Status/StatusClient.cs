using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.Agent.Status;

/// <summary>Asks a running daemon for its SA table over state/agent.sock.</summary>
internal static class StatusClient
{
    /// <summary>The daemon's report, or null when no daemon answers on <paramref name="socketPath"/>.</summary>
    public static async Task<(TelemetryReport Report, string Json)?> TryQueryAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null; // stale socket file: nobody listens
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(StatusProtocol.Request + "\n"), cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (StatusProtocol.Parser.Parse<TelemetryReport>(json), json.TrimEnd());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"the daemon's answer is not a status report: {e.Message}", e);
        }
    }

    public static async Task<bool> IsServingAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
