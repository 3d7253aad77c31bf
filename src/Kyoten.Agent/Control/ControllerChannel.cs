using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Kyoten.Agent.Control;

/// <summary>gRPC channels to the controller: HTTPS only, server pinned, optionally with the agent's client certificate.</summary>
internal static class ControllerChannel
{
    public static GrpcChannel Create(Uri controller, ControllerPin pin, X509Certificate2? clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(pin);
        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = pin.Validate };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // HTTP/2 pings find a dead path even when neither side has anything to say.
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = false,
        };
        return GrpcChannel.ForAddress(controller, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Only https:// with a host; anything else is a usage error worth saying plainly.</summary>
    public static bool TryParseUrl(string? text, out Uri uri, out string? error)
    {
        uri = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps || parsed.Host.Length == 0)
        {
            error = "the controller URL must be https://host[:port]";
            return false;
        }

        uri = parsed;
        error = null;
        return true;
    }
}
