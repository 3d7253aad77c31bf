using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Kyoten.Testing.Sites;

/// <summary>A TCP stream from one site's LAN address to another's, through the tunnel; both ends hash what they saw.</summary>
public static class TcpTransfer
{
    public sealed record Result(long BytesSent, long BytesReceived, string SentSha256, string ReceivedSha256);

    /// <summary>
    /// Sends random data until <paramref name="totalBytes"/> are sent and <paramref name="keepGoing"/>
    /// (if any) has completed, pacing chunks by <paramref name="chunkDelay"/>.
    /// </summary>
    public static async Task<Result> RunAsync(
        string serverNs, IPAddress serverAddress, string clientNs, IPAddress clientAddress,
        long totalBytes, Task? keepGoing = null, TimeSpan chunkDelay = default)
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = NamespaceSockets.Create(serverNs, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(serverAddress, 0));
            s.Listen(1);
            return s;
        });
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var client = NamespaceSockets.Create(clientNs, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(clientAddress, 0));
            return s;
        });

        var receive = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptAsync(ct);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long received = 0;
            int n;
            while ((n = await accepted.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                received += n;
            }

            return (received, Convert.ToHexString(hash.GetHashAndReset()));
        }, ct);

        await client.ConnectAsync(new IPEndPoint(serverAddress, port), ct);
        using var sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[64 * 1024];
        long sent = 0;
        while (sent < totalBytes || (keepGoing is not null && !keepGoing.IsCompleted))
        {
            RandomNumberGenerator.Fill(chunk);
            var length = (int)Math.Min(chunk.Length, Math.Max(totalBytes - sent, chunk.Length));
            await client.SendAsync(chunk.AsMemory(0, length), SocketFlags.None, ct);
            sentHash.AppendData(chunk, 0, length);
            sent += length;
            if (chunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(chunkDelay, ct);
            }
        }

        client.Shutdown(SocketShutdown.Send);
        var (receivedBytes, receivedSha) = await receive.WaitAsync(TimeSpan.FromMinutes(2), ct);
        return new Result(sent, receivedBytes, Convert.ToHexString(sentHash.GetHashAndReset()), receivedSha);
    }
}
