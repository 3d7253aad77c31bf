using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Kyoten.Ike;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;

namespace Kyoten.Benchmarks.Ike;

/// <summary>
/// One op = one complete IKE_SA_INIT + IKE_AUTH handshake with the first CHILD SA between two
/// in-process engines (initiator and responder work both counted; no network, no timers).
/// Fresh engines per op keep state from growing: construction is a few small dictionaries,
/// negligible next to the DH and AUTH work.
/// Run: dotnet run -c Release --project tests/Kyoten.Benchmarks -- --filter '*Handshake*' [--job short].
/// </summary>
[MemoryDiagnoser]
public class HandshakeBenchmarks
{
    private static readonly IPEndPoint AddressA = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint AddressB = new(IPAddress.Parse("198.51.100.1"), 500);
    private static readonly byte[] Psk = "benchmark pre-shared key, 32 oct"u8.ToArray();
    private readonly List<IkeAction> _scratch = [];
    private PeerConfig _pskA = null!;
    private PeerConfig _pskB = null!;
    private PeerConfig _certA = null!;
    private PeerConfig _certB = null!;
    private X509Certificate2[] _certificates = [];

    [GlobalSetup]
    public void Setup()
    {
        (_pskA, _pskB) = Pair("aes256gcm16-prfsha256-x25519");
        var now = TimeProvider.System.GetUtcNow();
        var ca = MakeCa(now);
        var certA = Issue(ca, "a.example", now);
        var certB = Issue(ca, "b.example", now);
        _certificates = [ca, certA, certB];
        var (a, b) = Pair("aes256gcm16-prfsha256-ecp256");
        _certA = a with { PreSharedKey = null, Certificate = certA, TrustAnchors = [ca] };
        _certB = b with { PreSharedKey = null, Certificate = certB, TrustAnchors = [ca] };
        Handshake(_pskA, _pskB);
        Handshake(_certA, _certB);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "PSK x25519 AES-GCM-256")]
    public int PskX25519() => Handshake(_pskA, _pskB);

    [Benchmark(Description = "ECDSA P-256 certs ecp256 AES-GCM-256")]
    public int EcdsaEcp256() => Handshake(_certA, _certB);

    /// <summary>Returns the number of datagrams exchanged; throws unless both ends installed the CHILD SA.</summary>
    private int Handshake(PeerConfig peerA, PeerConfig peerB)
    {
        var a = new IkeEngine(new IkeEngineOptions(), TimeProvider.System);
        var b = new IkeEngine(new IkeEngineOptions(), TimeProvider.System);
        a.AddPeer(peerA);
        b.AddPeer(peerB);
        a.Initiate(peerA.Name);
        int datagrams = 0;
        int installed = 0;
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                _scratch.Clear();
                _scratch.AddRange(from.DrainActions());
                foreach (var action in _scratch)
                {
                    if (action is SendDatagram send)
                    {
                        to.OnDatagram(send.Remote, send.Local, send.Datagram);
                        datagrams++;
                        progress = true;
                    }
                    else if (action is InstallChildSa)
                    {
                        installed++;
                    }
                }

                from.DrainEvents();
            }

            if (datagrams > 100)
            {
                throw new InvalidOperationException("message storm");
            }
        }

        if (installed != 2)
        {
            throw new InvalidOperationException($"handshake did not complete ({installed} CHILD SAs installed)");
        }

        return datagrams;
    }

    private static (PeerConfig A, PeerConfig B) Pair(string ikeProposal)
    {
        var a = new PeerConfig
        {
            Name = "to-b",
            LocalEndPoint = AddressA,
            RemoteEndPoint = AddressB,
            LocalId = IkeIdentity.Fqdn("a.example"),
            RemoteId = IkeIdentity.Fqdn("b.example"),
            PreSharedKey = Psk,
            IkeProposals = [ikeProposal],
            ChildProposals = ["aes256gcm16"],
            LocalTrafficSelectors = ["198.18.1.0/24"],
            RemoteTrafficSelectors = ["198.18.2.0/24"],
            Initiator = true,
        };
        var b = a with
        {
            Name = "to-a",
            LocalEndPoint = AddressB,
            RemoteEndPoint = AddressA,
            LocalId = IkeIdentity.Fqdn("b.example"),
            RemoteId = IkeIdentity.Fqdn("a.example"),
            LocalTrafficSelectors = ["198.18.2.0/24"],
            RemoteTrafficSelectors = ["198.18.1.0/24"],
            Initiator = false,
        };
        return (a, b);
    }

    private static X509Certificate2 MakeCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Kyoten Benchmark CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string dnsName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var caKey = ca.GetECDsaPrivateKey()!;
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), now.AddDays(30), serial);
        return signed.CopyWithPrivateKey(key);
    }
}
