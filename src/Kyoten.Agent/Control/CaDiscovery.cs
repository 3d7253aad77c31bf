using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kyoten.Agent.Control;

/// <summary>
/// First contact when the TLS chain lacks the root: GET <see cref="Path"/> with no trust and no
/// secret sent, then keep the certificate only if SHA-256 of its DER equals the hash in the token
/// (the hash authenticates the CA, not the channel; kubeadm's discovery token CA hash works alike).
/// The controller must serve its CA certificate (PEM or DER) there.
/// </summary>
internal static class CaDiscovery
{
    public const string Path = "/ca.crt";
    private const int MaxBytes = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<(X509Certificate2? Ca, string? Error)> FetchAsync(Uri controller, byte[] caHash, TimeProvider time, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) };
        // Accept any server here: nothing secret goes out, and what comes back is checked by hash.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controller, Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        byte[] body;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the controller sent no CA certificate in its TLS chain and none at {Path} (HTTP {(int)response.StatusCode})");
            }

            body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"could not fetch the controller's CA certificate from {Path}: {e.Message}");
        }

        return body.Length > MaxBytes ? (null, $"{Path} is larger than {MaxBytes} bytes") : Match(body, caHash);
    }

    private static (X509Certificate2?, string?) Match(byte[] body, byte[] caHash)
    {
        var candidates = new X509Certificate2Collection();
        try
        {
            if (body.AsSpan().StartsWith("-----BEGIN"u8))
            {
                candidates.ImportFromPem(System.Text.Encoding.ASCII.GetString(body));
            }
            else
            {
                candidates.Add(X509CertificateLoader.LoadCertificate(body));
            }
        }
        catch (CryptographicException e)
        {
            return (null, $"{Path} is not a certificate ({e.Message})");
        }

        var match = candidates.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(SHA256.HashData(c.RawData), caHash));
        foreach (var other in candidates.Where(c => !ReferenceEquals(c, match)))
        {
            other.Dispose();
        }

        return match is null
            ? (null, "the controller's CA certificate does not match the hash in the token (CA mismatch)")
            : (match, null);
    }
}
