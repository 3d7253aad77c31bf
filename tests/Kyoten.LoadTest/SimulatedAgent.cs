using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Kyoten.Contracts.Agent.V1;

namespace Kyoten.LoadTest;

/// <summary>One agent on the wire: own key and mTLS connection, acks every config at once, reports telemetry periodically.</summary>
internal sealed class SimulatedAgent(int index)
{
    private GrpcChannel? _channel;
    private long _revision;

    public int Index { get; } = index;

    public string Site => $"site{Index:D5}";

    public long Revision => Interlocked.Read(ref _revision);

    public long TelemetrySent;

    /// <summary>Set by the driver: pushes with a revision above this are timed against <see cref="ChangeStarted"/>.</summary>
    public long WatchAbove = long.MaxValue;

    public long ChangeStarted;

    public TaskCompletionSource<TimeSpan> ChangeAcked { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstAck { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task EnrollAsync(Uri endpoint, string token, CancellationToken cancellationToken)
    {
        var pin = Pinning.For(token.Split('.')[1]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=load", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        EnrollResponse response;
        using (var anonymous = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = pin } } }))
        {
            response = await new AgentService.AgentServiceClient(anonymous)
                .EnrollAsync(new EnrollRequest { Token = token, Csr = ByteString.CopyFrom(csr), AgentVersion = "loadtest" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        using var issued = X509CertificateLoader.LoadCertificate(response.Certificate.ToByteArray());
        using var withKey = issued.CopyWithPrivateKey(key);
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = pin, ClientCertificates = [certificate] } };
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>Streams until cancelled, reconnecting like a real agent when the stream breaks.</summary>
    public async Task RunAsync(int telemetryIntervalSeconds, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await StreamAsync(telemetryIntervalSeconds, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref Reconnects);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public long Reconnects;

    private async Task StreamAsync(int telemetryIntervalSeconds, CancellationToken cancellationToken)
    {
        using var call = new AgentService.AgentServiceClient(_channel!).Connect(cancellationToken: cancellationToken);
        var writeLock = new SemaphoreSlim(1, 1);
        async Task SendAsync(AgentMessage message)
        {
            await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                writeLock.Release();
            }
        }

        await SendAsync(new AgentMessage { Hello = new Hello { AgentVersion = "loadtest", AppliedRevision = (ulong)Revision } }).ConfigureAwait(false);
        var telemetry = TelemetryLoopAsync(SendAsync, telemetryIntervalSeconds, cancellationToken);
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var message = call.ResponseStream.Current;
                if (message.BodyCase != ControllerMessage.BodyOneofCase.Config)
                {
                    continue;
                }

                var revision = (long)message.Config.Revision;
                await SendAsync(new AgentMessage { Ack = new ConfigAck { Revision = message.Config.Revision, Success = true } }).ConfigureAwait(false);
                Interlocked.Exchange(ref _revision, revision);
                FirstAck.TrySetResult();
                if (revision > Interlocked.Read(ref WatchAbove))
                {
                    ChangeAcked.TrySetResult(Stopwatch.GetElapsedTime(Interlocked.Read(ref ChangeStarted)));
                }
            }
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        await telemetry.ConfigureAwait(false);
    }

    private async Task TelemetryLoopAsync(Func<AgentMessage, Task> send, int intervalSeconds, CancellationToken cancellationToken)
    {
        try
        {
            // Spread the fleet's reports over the interval like real agents started at different times.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(intervalSeconds * 1000)), cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(intervalSeconds));
            ulong bytes = 0;
            do
            {
                bytes += 150_000;
                var report = new TelemetryReport
                {
                    UnixMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    Tunnels =
                    {
                        new TunnelStatus
                        {
                            Tunnel = $"{Site}--hub", IkeState = "ESTABLISHED", IkeAlgorithms = "aes256gcm16-prfsha256-x25519", IkeSpiI = (ulong)Index,
                            ChildSas = { new ChildSaStatus { SpiIn = (uint)Index, SpiOut = (uint)Index + 1, Algorithms = "aes256gcm16", BytesIn = bytes, BytesOut = bytes, PacketsIn = bytes / 1000, PacketsOut = bytes / 1000 } },
                        },
                    },
                };
                await send(new AgentMessage { Telemetry = report }).ConfigureAwait(false);
                Interlocked.Increment(ref TelemetrySent);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (RpcException)
        {
            // The stream ended.
        }
    }
}
