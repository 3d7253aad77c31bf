using System.Net;
using Kyoten.Ike.Config;
using Kyoten.Ike.Events;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>
/// Two engines wired back to back through an in-memory "network" that can lose, duplicate,
/// hold or rewrite datagrams (NAT), driven by one FakeTimeProvider.
/// </summary>
internal sealed class EnginePair
{
    public static readonly IPEndPoint AddressA = new(IPAddress.Parse("192.0.2.1"), 500);
    public static readonly IPEndPoint AddressB = new(IPAddress.Parse("198.51.100.1"), 500);
    public static readonly byte[] Psk = "correct horse battery staple 42!"u8.ToArray();

    public EnginePair(Func<PeerConfig, PeerConfig>? configureA = null, Func<PeerConfig, PeerConfig>? configureB = null, IkeEngineOptions? options = null, IkeEngineOptions? optionsB = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        A = new Side("A", new IkeEngine(options ?? new IkeEngineOptions(), Time));
        B = new Side("B", new IkeEngine(optionsB ?? options ?? new IkeEngineOptions(), Time));
        var peerA = new PeerConfig
        {
            Name = "to-b",
            LocalEndPoint = AddressA,
            RemoteEndPoint = AddressB,
            LocalId = IkeIdentity.Fqdn("a.example"),
            RemoteId = IkeIdentity.Fqdn("b.example"),
            PreSharedKey = Psk,
            IkeProposals = ["aes256gcm16-prfsha256-x25519"],
            ChildProposals = ["aes256gcm16"],
            LocalTrafficSelectors = ["198.18.1.0/24"],
            RemoteTrafficSelectors = ["198.18.2.0/24"],
            Initiator = true,
        };
        var peerB = peerA with
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
        PeerA = configureA?.Invoke(peerA) ?? peerA;
        PeerB = configureB?.Invoke(peerB) ?? peerB;
        A.Engine.AddPeer(PeerA);
        B.Engine.AddPeer(PeerB);
    }

    public FakeTimeProvider Time { get; }

    public Side A { get; }

    public Side B { get; }

    public PeerConfig PeerA { get; }

    public PeerConfig PeerB { get; }

    /// <summary>Returns false to lose a datagram on the wire.</summary>
    public Func<Packet, bool>? Filter { get; set; }

    /// <summary>NAT in front of A: rewrites A's source as B sees it (and back).</summary>
    public IPEndPoint? NatPublicA { get; set; }

    public List<Packet> Wire { get; } = [];

    public Side Other(Side side) => side == A ? B : A;

    /// <summary>Collects what the engine produced; datagrams stay queued in <see cref="Side.Outbox"/>.</summary>
    public void Collect(Side side)
    {
        foreach (var action in side.Engine.DrainActions())
        {
            switch (action)
            {
                case SendDatagram send:
                    side.Outbox.Enqueue(new Packet(side, send));
                    break;
                case InstallChildSa install:
                    side.Installed[install.Parameters.InboundSpi] = install.Parameters;
                    break;
                case RemoveChildSa remove:
                    Assert.True(side.Installed.Remove(remove.InboundSpi), $"{side.Name} removed unknown SPI {remove.InboundSpi:x8}");
                    break;
                case ArmTimer arm:
                    side.ArmedAt = arm.DueTime;
                    break;
            }
        }

        side.Events.AddRange(side.Engine.DrainEvents());
    }

    /// <summary>Hands one datagram to the other side as the network would (applying loss and NAT).</summary>
    public void Deliver(Packet packet)
    {
        Wire.Add(packet);
        if (Filter is { } filter && !filter(packet))
        {
            return;
        }

        var to = Other(packet.From);
        var source = packet.Send.Local;
        var destination = packet.Send.Remote;
        if (NatPublicA is { } nat)
        {
            if (packet.From == A)
            {
                source = new IPEndPoint(nat.Address, source.Port == 500 ? nat.Port : nat.Port + 1);
            }
            else if (destination.Address.Equals(nat.Address))
            {
                destination = new IPEndPoint(AddressA.Address, destination.Port == nat.Port ? 500 : 4500);
            }
        }

        to.Engine.OnDatagram(destination, source, packet.Send.Datagram);
        Collect(to);
    }

    /// <summary>The next datagram A (or B) wants to send; fails when there is none.</summary>
    public Packet Next(Side side)
    {
        Collect(side);
        Assert.True(side.Outbox.Count > 0, side.Name + " has nothing to send");
        return side.Outbox.Dequeue();
    }

    /// <summary>Delivers everything in flight until both sides are quiet.</summary>
    public int Pump(int limit = 1000)
    {
        int delivered = 0;
        while (true)
        {
            Collect(A);
            Collect(B);
            if (A.Outbox.Count == 0 && B.Outbox.Count == 0)
            {
                return delivered;
            }

            Assert.True(++delivered < limit, "message storm");
            var side = A.Outbox.Count > 0 ? A : B;
            Deliver(side.Outbox.Dequeue());
        }
    }

    /// <summary>Moves the clock and ticks both engines, then pumps.</summary>
    public void Advance(TimeSpan by, bool pump = true)
    {
        Time.Advance(by);
        A.Engine.Tick();
        B.Engine.Tick();
        if (pump)
        {
            Pump();
        }
        else
        {
            Collect(A);
            Collect(B);
        }
    }

    /// <summary>Advances in steps of <paramref name="step"/> until <paramref name="total"/> has passed.</summary>
    public void Run(TimeSpan total, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            Advance(step);
        }
    }

    public void Establish()
    {
        A.Engine.Initiate(PeerA.Name);
        Pump();
        Assert.Contains(A.Events, e => e is ChildSaEstablished);
        Assert.Contains(B.Events, e => e is ChildSaEstablished);
    }

    /// <summary>Both ends hold the same CHILD SA pairs with crossed SPIs and keys.</summary>
    public void AssertChildSasMatch(int expectedPairs)
    {
        Assert.Equal(expectedPairs, A.Installed.Count);
        Assert.Equal(expectedPairs, B.Installed.Count);
        foreach (var a in A.Installed.Values)
        {
            Assert.True(B.Installed.TryGetValue(a.OutboundSpi, out var b), $"B lacks SPI {a.OutboundSpi:x8}");
            Assert.NotNull(b);
            Assert.Equal(a.InboundSpi, b.OutboundSpi);
            Assert.Equal(a.OutboundEncryptionKey, b.InboundEncryptionKey);
            Assert.Equal(a.InboundEncryptionKey, b.OutboundEncryptionKey);
            Assert.Equal(a.OutboundIntegrityKey, b.InboundIntegrityKey);
            Assert.Equal(a.Algorithms, b.Algorithms);
            Assert.Equal(a.Mode, b.Mode);
            Assert.NotEqual([.. a.InboundEncryptionKey, .. a.InboundIntegrityKey], [.. a.OutboundEncryptionKey, .. a.OutboundIntegrityKey]);
        }
    }

    public static IkeHeader Header(Packet packet)
    {
        var bytes = packet.Send.Datagram.AsSpan();
        if (packet.Send.Local.Port == 4500)
        {
            bytes = bytes[4..];
        }

        Assert.True(IkeHeader.TryRead(bytes, out var header, out _));
        return header;
    }

    internal sealed class Side(string name, IkeEngine engine)
    {
        public string Name { get; } = name;

        public IkeEngine Engine { get; } = engine;

        public Queue<Packet> Outbox { get; } = new();

        public Dictionary<uint, ChildSaParameters> Installed { get; } = [];

        public List<IkeEvent> Events { get; } = [];

        public DateTimeOffset? ArmedAt { get; set; }

        public override string ToString() => Name;
    }

    internal sealed record Packet(Side From, SendDatagram Send)
    {
        public ExchangeType Exchange => Header(this).Exchange;

        public bool IsResponse => Header(this).IsResponse;

        public override string ToString() => $"{From} {Exchange} {(IsResponse ? "response" : "request")} #{Header(this).MessageId}";
    }
}
