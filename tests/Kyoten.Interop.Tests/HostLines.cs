using System.Globalization;
using Kyoten.Ike.Events;
using Kyoten.Ike.Proposals;

namespace Kyoten.Interop.Tests;

/// <summary>Turns engine events and CHILD SA installs into <see cref="HostLine"/>s (no keys).</summary>
internal static class HostLines
{
    public static string Hex(uint spi) => spi.ToString("x8", CultureInfo.InvariantCulture);

    public static string Hex(ulong spi) => spi.ToString("x16", CultureInfo.InvariantCulture);

    public static HostLine From(IkeEvent e)
    {
        var line = new HostLine("event") { Type = e.GetType().Name, Text = e.ToString() };
        return e switch
        {
            IkeSaEstablished x => WithIke(line, x.InitiatorSpi, x.ResponderSpi, x.Algorithms),
            IkeSaRekeyed x => WithIke(line, x.InitiatorSpi, x.ResponderSpi, x.Algorithms),
            IkeSaDeleted x => line with { InitiatorSpi = Hex(x.InitiatorSpi), ResponderSpi = Hex(x.ResponderSpi) },
            ChildSaEstablished x => WithChild(line, x.InboundSpi, x.OutboundSpi, x.Algorithms),
            ChildSaRekeyed x => WithChild(line, x.InboundSpi, x.OutboundSpi, x.Algorithms) with { OldInboundSpi = Hex(x.OldInboundSpi) },
            ChildSaDeleted x => line with { InboundSpi = Hex(x.InboundSpi), OutboundSpi = Hex(x.OutboundSpi) },
            _ => line,
        };
    }

    public static HostLine Install(ChildSaParameters p) =>
        WithChild(new HostLine("install") { UdpEncapsulation = p.UdpEncapsulation, Text = $"{p.Protocol} {p.Mode} {p.LocalEndPoint} -> {p.RemoteEndPoint}" }, p.InboundSpi, p.OutboundSpi, p.Algorithms);

    private static HostLine WithIke(HostLine line, ulong spiI, ulong spiR, IkeAlgorithms a) => line with
    {
        InitiatorSpi = Hex(spiI),
        ResponderSpi = Hex(spiR),
        Encryption = a.Encryption.ToString(),
        KeyBits = a.EncryptionKeyBits,
        Integrity = a.Integrity.ToString(),
        Prf = a.Prf.ToString(),
        KeyExchange = a.KeyExchange.ToString(),
    };

    private static HostLine WithChild(HostLine line, uint inbound, uint outbound, ChildAlgorithms a) => line with
    {
        InboundSpi = Hex(inbound),
        OutboundSpi = Hex(outbound),
        Encryption = a.Encryption.ToString(),
        KeyBits = a.EncryptionKeyBits,
        Integrity = a.Integrity.ToString(),
        KeyExchange = a.KeyExchange.ToString(),
    };
}
