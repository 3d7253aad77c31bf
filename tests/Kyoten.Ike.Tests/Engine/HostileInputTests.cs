using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

public sealed class HostileInputTests
{
    /// <summary>Sends a request sealed with A's real keys, so only its content is wrong; returns B's decoded answer.</summary>
    private static IkeMessage? AuthenticatedRequest(EnginePair pair, ExchangeType exchange, List<IkePayload> payloads, PayloadType? firstOverride = null, bool critical = false)
    {
        var a = pair.A.Engine.Context.Sas.Values.Single(s => s.IsEstablished);
        var b = pair.B.Engine.Context.Sas.Values.Single(s => s.IsEstablished);
        var inner = new byte[PayloadChain.GetLength(payloads)];
        PayloadChain.Write(payloads, inner);
        if (critical)
        {
            inner[1] |= 0x80;
        }

        var header = a.NewMessage(exchange, a.Tasks.NextMessageId++, response: false, []);
        var datagram = IkeMessageCodec.SealInner(header, a.Outbound!, firstOverride ?? payloads[0].Type, inner);
        pair.B.Engine.OnDatagram(EnginePair.AddressB, EnginePair.AddressA, datagram);
        pair.Collect(pair.B);
        if (pair.B.Outbox.Count == 0)
        {
            return null;
        }

        var answer = pair.B.Outbox.Dequeue().Send.Datagram;
        Assert.True(IkeHeader.TryRead(answer, out var answerHeader, out _));
        Assert.True(IkeMessageCodec.TryDecode(answer, answerHeader, a.Inbound, out var decoded, out _, out _));
        return decoded;
    }

    [Fact]
    public void Unknown_critical_payload_in_an_authenticated_request_is_answered_with_unsupported_critical_payload()
    {
        var pair = new EnginePair();
        pair.Establish();

        // HDR, SK {<type 200, critical>} -->   <-- HDR, SK {N(UNSUPPORTED_CRITICAL_PAYLOAD)}
        var answer = AuthenticatedRequest(pair, ExchangeType.Informational, [new UnknownPayload((PayloadType)200, [1, 2, 3])], critical: true);

        Assert.NotNull(answer);
        Assert.Equal(NotifyType.UnsupportedCriticalPayload, answer!.FirstError()!.NotifyType);
    }

    [Fact]
    public void Unknown_non_critical_payload_is_skipped()
    {
        var pair = new EnginePair();
        pair.Establish();

        // HDR, SK {<type 200>} -->   <-- HDR, SK {}   (a DPD answer, nothing refused)
        var answer = AuthenticatedRequest(pair, ExchangeType.Informational, [new UnknownPayload((PayloadType)200, [1, 2, 3])]);

        Assert.NotNull(answer);
        Assert.Empty(answer!.Payloads);
    }

    [Fact]
    public void Authenticated_request_missing_a_required_payload_gets_invalid_syntax()
    {
        var pair = new EnginePair();
        pair.Establish();

        // HDR, SK {Ni} -->   (CREATE_CHILD_SA without SA)   <-- HDR, SK {N(INVALID_SYNTAX)}
        var answer = AuthenticatedRequest(pair, ExchangeType.CreateChildSa, [new NoncePayload { Data = new byte[32] }]);

        Assert.Equal(NotifyType.InvalidSyntax, answer!.FirstError()!.NotifyType);
        pair.AssertChildSasMatch(1);
    }

    [Fact]
    public void Tampered_encrypted_message_is_dropped_silently()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");
        var request = pair.Next(pair.A);
        var tampered = (byte[])request.Send.Datagram.Clone();
        tampered[^5] ^= 0x01;

        pair.B.Engine.OnDatagram(EnginePair.AddressB, EnginePair.AddressA, tampered);
        pair.Collect(pair.B);

        Assert.Empty(pair.B.Outbox);
        Assert.Equal(1, pair.B.Engine.Counters.IntegrityFailures);

        // The genuine request still works afterwards.
        pair.Deliver(request);
        pair.Pump();
        pair.AssertChildSasMatch(2);
    }

    [Fact]
    public void Datagram_for_an_unknown_spi_is_counted_and_ignored()
    {
        var pair = new EnginePair();
        pair.Establish();
        var someone = (byte[])pair.Wire.Last(p => p.From == pair.A).Send.Datagram.Clone();
        someone[8] ^= 0xFF;

        pair.B.Engine.OnDatagram(EnginePair.AddressB, EnginePair.AddressA, someone);
        pair.Collect(pair.B);

        Assert.Empty(pair.B.Outbox);
        Assert.Equal(1, pair.B.Engine.Counters.UnknownSpi);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Key_exchange_value_of_the_wrong_length_is_refused_without_state(int length)
    {
        var pair = new EnginePair();
        var request = new IkeMessage
        {
            InitiatorSpi = 0x0102030405060708,
            Exchange = ExchangeType.IkeSaInit,
            FromInitiator = true,
            Payloads =
            [
                new SaPayload { Proposals = [new Proposal { Protocol = ProtocolId.Ike, Transforms = [new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256), new Transform(TransformType.Prf, (ushort)PrfAlgorithm.HmacSha2_256), new Transform(TransformType.KeyExchange, (ushort)KeyExchangeMethod.Curve25519)] }] },
                new KePayload { Group = KeyExchangeMethod.Curve25519, Data = new byte[length] },
                new NoncePayload { Data = new byte[32] },
            ],
        };

        // HDR, SA, KEi(bad), Ni -->   <-- HDR, N(INVALID_SYNTAX)
        pair.B.Engine.OnDatagram(EnginePair.AddressB, EnginePair.AddressA, IkeMessageCodec.Encode(request, null));
        var answer = pair.Next(pair.B);

        Assert.True(IkeHeader.TryRead(answer.Send.Datagram, out var header, out _));
        Assert.True(IkeMessageCodec.TryDecode(answer.Send.Datagram, header, null, out var decoded, out _, out _));
        Assert.Equal(NotifyType.InvalidSyntax, decoded!.FirstError()!.NotifyType);
        Assert.Empty(pair.B.Engine.Context.Sas);
    }

    [Fact]
    public void Esp_on_the_nat_traversal_port_is_not_taken_for_ike()
    {
        var pair = new EnginePair();
        var esp = new byte[] { 0x00, 0x00, 0x12, 0x34, 0, 0, 0, 1, 0xAA, 0xBB };

        pair.B.Engine.OnDatagram(new System.Net.IPEndPoint(EnginePair.AddressB.Address, 4500), EnginePair.AddressA, esp);

        Assert.Equal(1, pair.B.Engine.Counters.Malformed);
        Assert.Empty(pair.B.Engine.DrainActions());
    }

    [Fact]
    public void Forged_unauthenticated_error_does_not_stop_the_initiator()
    {
        var pair = new EnginePair();
        pair.A.Engine.Initiate("to-b");
        var request = pair.Next(pair.A);
        var spi = EnginePair.Header(request).InitiatorSpi;

        // An off-path attacker races the responder: <-- HDR, N(NO_PROPOSAL_CHOSEN)
        var forged = new IkeMessage
        {
            InitiatorSpi = spi,
            Exchange = ExchangeType.IkeSaInit,
            IsResponse = true,
            Payloads = [new NotifyPayload { NotifyType = NotifyType.NoProposalChosen }],
        };
        pair.A.Engine.OnDatagram(EnginePair.AddressA, EnginePair.AddressB, IkeMessageCodec.Encode(forged, null));

        // The genuine exchange still completes.
        pair.Deliver(request);
        pair.Pump();

        pair.AssertChildSasMatch(1);
        Assert.DoesNotContain(pair.A.Events, e => e is Events.Failed);
    }

    [Fact]
    public void Unauthenticated_garbage_with_the_next_message_id_is_not_answered_and_does_not_burn_the_id()
    {
        var pair = new EnginePair();
        pair.Establish();
        pair.A.Engine.CreateChildSa("to-b");
        var genuine = pair.Next(pair.A);

        // An on-path observer copies the header (SPIs, next message ID) and appends a broken chain.
        var garbage = genuine.Send.Datagram[..IkeHeader.Size].Concat(new byte[] { 0, 0, 0, 2 }).ToArray();
        garbage[16] = (byte)PayloadType.Notify;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(garbage.AsSpan(24), (uint)garbage.Length);
        pair.B.Engine.OnDatagram(EnginePair.AddressB, EnginePair.AddressA, garbage);
        pair.Collect(pair.B);
        Assert.Empty(pair.B.Outbox);

        pair.Deliver(genuine);
        pair.Pump();
        pair.AssertChildSasMatch(2);
    }
}
