using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kyoten.Esp;
using Xunit;

namespace Kyoten.Agent.Tests.DataPath;

/// <summary>Captured datagrams sent again, as they were and tampered with: dropped and counted on their SA.</summary>
public abstract partial class NamespaceTunnelTestsBase
{
    [Fact]
    public async Task ReplayedAndTamperedPackets_AreDroppedAndCountedOnTheirSa()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        string capture = Path.Combine(Path.GetTempPath(), $"{_a.Name}-one.pcap");
        // One echo request A → B as it left A (keepalives are 1 octet, hence "greater").
        using Process tcpdump = _a.Start($"tcpdump -i {_wanA} -n -U -c 1 -w {capture} src host {WanA} and {WireFilter} and greater 80");
        await WaitForLineAsync(tcpdump.StandardError, "listening on", token);
        _a.Exec($"ping -c 1 -W 5 -I {HostA} {HostB}");
        await tcpdump.WaitForExitAsync(token);
        byte[] packet = Assert.Single(PcapFile.ReadIpPackets(await File.ReadAllBytesAsync(capture, token)));
        File.Delete(capture);

        // The same bytes again: a replay. Then a new sequence number (ahead of the window, so the
        // ICV is what must catch it: RFC 4303 §3.4.4 and RFC 4302 §3.4.4 cover it) and one payload octet flipped.
        int ipHeader = packet[0] >> 4 == 6 ? 40 : (packet[0] & 0x0F) * 4;
        int securityHeader = ipHeader + (UdpEncapsulation ? 8 : 0);
        int sequence = securityHeader + (Protocol == IpsecProtocol.Ah ? 8 : 4); // RFC 4302 §2 / RFC 4303 §2
        byte[] tampered = (byte[])packet.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(tampered.AsSpan(sequence), 0x7FFF0000);
        tampered[^1] ^= 0x5A;
        Inject(packet, securityHeader);
        Inject(tampered, securityHeader);

        JsonElement sa;
        var clock = Stopwatch.StartNew();
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the replayed and tampered packets were never counted");
            sa = InboundSa(await _agentB!.GetStatisticsAsync(token), 0x1000);
        }
        while (sa.GetProperty("Replayed").GetInt64() + sa.GetProperty("AuthFailed").GetInt64() < 2);

        Assert.Equal(1, sa.GetProperty("Replayed").GetInt64());
        Assert.Equal(1, sa.GetProperty("AuthFailed").GetInt64());
        Assert.Equal(0, sa.GetProperty("Malformed").GetInt64());
        Assert.Equal(0, sa.GetProperty("PolicyMismatch").GetInt64());
        Assert.Equal(2, sa.GetProperty("Drops").GetInt64());
        // Still working afterwards: neither packet moved the window or poisoned the SA.
        Assert.Contains("1 received", _a.Exec($"ping -c 1 -W 5 -I {HostA} {HostB}"));
    }

    private static JsonElement InboundSa(JsonElement statistics, uint spi) =>
        statistics.GetProperty("sas").EnumerateArray().Single(s => s.GetProperty("Inbound").GetBoolean() && s.GetProperty("Spi").GetUInt32() == spi);

    /// <summary>Sends a captured datagram again from site A: its UDP payload to 4500, or the whole IP packet raw.</summary>
    private void Inject(byte[] packet, int payloadOffset)
    {
        var target = new IPEndPoint(IPAddress.Parse(WanB), UdpEncapsulation ? 4500 : 0);
        using Socket socket = _a.RunInside(() =>
        {
            if (UdpEncapsulation)
            {
                return Marked(new Socket(Family, SocketType.Dgram, ProtocolType.Udp));
            }

            // IPPROTO_RAW sends any protocol with the header as given (raw(7): IP_HDRINCL implied).
            return Marked(new Socket(Family, SocketType.Raw, ProtocolType.Raw));
        });
        socket.SendTo(UdpEncapsulation ? packet.AsSpan(payloadOffset) : packet, target);
    }

    /// <summary>SO_MARK, so that in transport mode the test's own datagrams leave on the WAN like the agent's.</summary>
    private static Socket Marked(Socket socket)
    {
        socket.SetRawSocketOption(1, 36, BitConverter.GetBytes(Mark)); // SOL_SOCKET, SO_MARK
        return socket;
    }
}
