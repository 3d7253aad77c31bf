using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Kyoten.Contracts.Agent.V1;
using Kyoten.Controller.Security;

namespace Kyoten.Controller.Tests.Infrastructure;

/// <summary>
/// An agent as the real one behaves on the wire: own key, CSR, TLS that pins the controller's CA
/// by the hash carried in the enrollment token, then mTLS with the issued certificate.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private TestAgent(GrpcChannel channel, X509Certificate2 certificate, EnrollResponse enrollment)
    {
        _channel = channel;
        Certificate = certificate;
        Enrollment = enrollment;
        Client = new AgentService.AgentServiceClient(channel);
    }

    public X509Certificate2 Certificate { get; }

    public EnrollResponse Enrollment { get; }

    public AgentService.AgentServiceClient Client { get; }

    public AsyncDuplexStreamingCall<AgentMessage, ControllerMessage>? Stream { get; private set; }

    public static byte[] Csr(ECDsa key, string subject = "CN=agent") =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest();

    /// <summary>The anonymous client an agent uses for Enroll: trusts only a server chain containing the pinned CA.</summary>
    public static AgentService.AgentServiceClient Anonymous(Uri address, string token, out GrpcChannel channel)
    {
        channel = Channel(address, PinFromToken(token), null);
        return new AgentService.AgentServiceClient(channel);
    }

    public static async Task<TestAgent> EnrollAsync(Uri address, string token, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = Anonymous(address, token, out var anonymous);
        using (anonymous)
        {
            var response = await client.EnrollAsync(new EnrollRequest { Token = token, Csr = ByteString.CopyFrom(Csr(key)), AgentVersion = "test/1" }, cancellationToken: cancellationToken);
            using var issued = X509CertificateLoader.LoadCertificate(response.Certificate.ToByteArray());
            using var withKey = issued.CopyWithPrivateKey(key);
            var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            return new TestAgent(Channel(address, PinFromToken(token), certificate), certificate, response);
        }
    }

    /// <summary>Opens the stream and says Hello.</summary>
    public async Task ConnectAsync(ulong appliedRevision, CancellationToken cancellationToken)
    {
        Stream = Client.Connect(cancellationToken: cancellationToken);
        await Stream.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello { AppliedRevision = appliedRevision, AgentVersion = "test/1" } }, cancellationToken);
    }

    /// <summary>The next message of the wanted kind (keepalives skipped), or an exception after a generous timeout.</summary>
    public async Task<ControllerMessage> NextAsync(ControllerMessage.BodyOneofCase kind, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await Stream!.ResponseStream.MoveNext(timeout.Token))
        {
            if (Stream.ResponseStream.Current.BodyCase == kind)
            {
                return Stream.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException("stream ended");
    }

    public Task SendAsync(AgentMessage message, CancellationToken cancellationToken) => Stream!.RequestStream.WriteAsync(message, cancellationToken);

    public static string Sha256B64Url(byte[] data) => Convert.ToBase64String(SHA256.HashData(data)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string PinFromToken(string token) => token.Split('.')[1];

    private static GrpcChannel Channel(Uri address, string caHash, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, _) => IsPinned(certificate, chain, caHash),
            },
            EnableMultipleHttp2Connections = true,
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>
    /// First contact: the CA certificate rides in an extension of the server's leaf (TLS never
    /// sends the root); its SHA-256 must equal the token's pin, and the leaf must chain to it.
    /// </summary>
    public static bool IsPinned(X509Certificate? certificate, X509Chain? chain, string caHash)
    {
        if (certificate is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var extension = leaf.Extensions[CertificateAuthority.CaCertificateExtensionOid];
        if (extension is null || Sha256B64Url(extension.RawData) != caHash)
        {
            return false;
        }

        using var ca = X509CertificateLoader.LoadCertificate(extension.RawData);
        using var pinned = new X509Chain();
        pinned.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        pinned.ChainPolicy.CustomTrustStore.Add(ca);
        pinned.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return pinned.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        Stream?.Dispose();
        _channel.Dispose();
        Certificate.Dispose();
        await Task.CompletedTask;
    }
}
