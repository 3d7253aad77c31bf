using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;

namespace Kyoten.Ike.Fuzz;

/// <summary>
/// Feeds one fuzz input as a received datagram to engines in three states, with fresh engines per
/// input so runs are deterministic: a responder with no SA (raw input, on 500 and on 4500), an
/// initiator waiting for its IKE_SA_INIT response, and both ends of a handshake waiting in IKE_AUTH.
/// For the stateful targets the input's first 16 octets (the two IKE SPIs, RFC 7296 §3.1) are
/// overwritten with the live SA's SPIs so the input gets past the SA lookup into the parsers.
/// </summary>
internal static class DatagramTarget
{
    private static readonly IPEndPoint A500 = new(IPAddress.Parse("192.0.2.1"), 500);
    private static readonly IPEndPoint B500 = new(IPAddress.Parse("198.51.100.1"), 500);
    private static readonly IPEndPoint A4500 = new(A500.Address, 4500);
    private static readonly IPEndPoint B4500 = new(B500.Address, 4500);
    private static readonly byte[] Psk = "fuzzing pre-shared key, 32 octet"u8.ToArray();

    private static readonly PeerConfig PeerA = new()
    {
        Name = "to-b",
        LocalEndPoint = A500,
        RemoteEndPoint = B500,
        LocalId = IkeIdentity.Fqdn("a.example"),
        RemoteId = IkeIdentity.Fqdn("b.example"),
        PreSharedKey = Psk,
        IkeProposals = ["aes256gcm16-prfsha256-x25519", "aes256-sha256-ecp256"],
        ChildProposals = ["aes256gcm16", "aes128-sha256"],
        LocalTrafficSelectors = ["198.18.1.0/24"],
        RemoteTrafficSelectors = ["198.18.2.0/24"],
        Initiator = true,
    };

    private static readonly PeerConfig PeerB = PeerA with
    {
        Name = "to-a",
        LocalEndPoint = B500,
        RemoteEndPoint = A500,
        LocalId = IkeIdentity.Fqdn("b.example"),
        RemoteId = IkeIdentity.Fqdn("a.example"),
        LocalTrafficSelectors = ["198.18.2.0/24"],
        RemoteTrafficSelectors = ["198.18.1.0/24"],
        Initiator = false,
    };

    public static void Run(ReadOnlySpan<byte> input)
    {
        var responder = NewEngine(PeerB);
        responder.OnDatagram(B500, A500, input);
        responder.OnDatagram(B4500, A4500, input);
        Settle(responder);

        var initiator = NewEngine(PeerA);
        initiator.Initiate(PeerA.Name);
        var saInit = FirstDatagram(initiator);
        initiator.OnDatagram(A500, B500, WithSpis(input, saInit));
        Settle(initiator);

        // Mid-handshake: B answered IKE_SA_INIT, A has sent IKE_AUTH; both hold keys.
        var a = NewEngine(PeerA);
        var b = NewEngine(PeerB);
        a.Initiate(PeerA.Name);
        b.OnDatagram(B500, A500, FirstDatagram(a));
        a.OnDatagram(A500, B500, FirstDatagram(b));
        var auth = FirstDatagram(a);
        var patched = WithSpis(input, auth);
        b.OnDatagram(B500, A500, patched);
        a.OnDatagram(A500, B500, patched);
        Settle(a);
        Settle(b);
    }

    /// <summary>Writes the datagrams of one real handshake (IKE_SA_INIT pair, IKE_AUTH pair) as a seed corpus.</summary>
    public static void WriteSeeds(string directory)
    {
        Directory.CreateDirectory(directory);
        var a = NewEngine(PeerA);
        var b = NewEngine(PeerB);
        a.Initiate(PeerA.Name);
        var saInitRequest = FirstDatagram(a);
        b.OnDatagram(B500, A500, saInitRequest);
        var saInitResponse = FirstDatagram(b);
        a.OnDatagram(A500, B500, saInitResponse);
        var authRequest = FirstDatagram(a);
        b.OnDatagram(B500, A500, authRequest);
        var authResponse = FirstDatagram(b);
        File.WriteAllBytes(Path.Combine(directory, "ike_sa_init_request"), saInitRequest);
        File.WriteAllBytes(Path.Combine(directory, "ike_sa_init_response"), saInitResponse);
        File.WriteAllBytes(Path.Combine(directory, "ike_auth_request"), authRequest);
        File.WriteAllBytes(Path.Combine(directory, "ike_auth_response"), authResponse);
    }

    private static IkeEngine NewEngine(PeerConfig peer)
    {
        var engine = new IkeEngine(new IkeEngineOptions(), TimeProvider.System);
        engine.AddPeer(peer);
        return engine;
    }

    private static byte[] FirstDatagram(IkeEngine engine)
    {
        foreach (var action in engine.DrainActions())
        {
            if (action is SendDatagram send)
            {
                return send.Datagram;
            }
        }

        throw new InvalidOperationException("engine sent nothing where the handshake expects a message");
    }

    private static byte[] WithSpis(ReadOnlySpan<byte> input, byte[] template)
    {
        var patched = input.ToArray();
        int spis = Math.Min(16, Math.Min(patched.Length, template.Length));
        template.AsSpan(0, spis).CopyTo(patched);
        return patched;
    }

    private static void Settle(IkeEngine engine)
    {
        engine.Tick();
        engine.DrainActions();
        engine.DrainEvents();
    }
}
