using System.Buffers.Binary;
using Kyoten.Ike.Config;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;
using Xunit;

namespace Kyoten.Ike.Tests.Engine;

/// <summary>
/// Seeded mutation fuzzing: valid datagrams from real exchanges, mutated, fed to initiators and
/// responders in several states. Nothing may throw, state must stay bounded, and an engine that
/// only saw unauthenticated garbage must still work afterwards.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int Rounds = 10;
    private const int PerRound = 10_500;

    // Each round: P established (unauthenticated garbage), Q before IKE_SA_INIT's answer, S during
    // IKE_AUTH, R established (authenticated garbage).

    [Fact]
    public void Over_100000_mutated_datagrams_never_throw_and_leave_state_bounded()
    {
        var random = new Random(20261127);
        int delivered = 0;
        int authenticatedAnswers = 0;
        for (int round = 0; round < Rounds; round++)
        {
            // P: established pair, fuzzed only with unauthenticated mutations; must keep working.
            var p = NewPair(round);
            p.Establish();
            p.A.Engine.CreateChildSa("to-b");
            p.Pump();
            p.A.Engine.RekeyChildSa("to-b", p.A.Installed.Keys.First());
            p.Pump();
            p.Advance(TimeSpan.FromSeconds(31));
            var corpus = p.Wire.Select(w => w.Send.Datagram).ToList();

            // Q: initiator waiting for its IKE_SA_INIT answer, and a fresh responder.
            var q = NewPair(round);
            q.A.Engine.Initiate("to-b");
            var qRequest = q.Next(q.A);
            ulong qSpi = EnginePair.Header(qRequest).InitiatorSpi;

            // S: IKE_SA_INIT done, IKE_AUTH request in flight: initiator awaiting IKE_AUTH, responder half-open.
            var s = NewPair(round);
            s.A.Engine.Initiate("to-b");
            s.Deliver(s.Next(s.A));
            s.Deliver(s.Next(s.B));
            var sAuth = s.Next(s.A);
            var sHeader = EnginePair.Header(sAuth);
            var sCorpus = new List<byte[]> { sAuth.Send.Datagram };

            // R: established pair that also receives authenticated (correctly sealed) garbage.
            var r = NewPair(round);
            r.Establish();

            for (int i = 0; i < PerRound; i++)
            {
                var source = corpus[random.Next(corpus.Count)];
                switch (random.Next(8))
                {
                    case 6:
                    case 7:
                        // Same SPIs as S's SAs so the datagram reaches them; half are S's own IKE_AUTH request.
                        var toS = (byte[])(random.Next(2) == 0 ? sCorpus[0] : source).Clone();
                        if (toS.Length >= 16)
                        {
                            BinaryPrimitives.WriteUInt64BigEndian(toS, sHeader.InitiatorSpi);
                            BinaryPrimitives.WriteUInt64BigEndian(toS.AsSpan(8), sHeader.ResponderSpi);
                        }

                        var (sTarget, sFrom) = random.Next(2) == 0 ? (s.B, s.A) : (s.A, s.B);
                        Feed(s, sTarget, sFrom, Mutate(toS, random));
                        break;
                    case 0:
                        Feed(p, p.B, p.A, Mutate(source, random));
                        break;
                    case 1:
                        Feed(p, p.A, p.B, Mutate(source, random));
                        break;
                    case 2:
                        var toQ = (byte[])source.Clone();
                        if (toQ.Length >= 8)
                        {
                            BinaryPrimitives.WriteUInt64BigEndian(toQ, qSpi);
                        }

                        Feed(q, q.A, q.B, Mutate(toQ, random));
                        break;
                    case 3:
                        Feed(q, q.B, q.A, Mutate(source, random));
                        break;
                    default:
                        var (target, sender) = random.Next(2) == 0 ? (r.B, r.A) : (r.A, r.B);
                        if (SealedGarbage(r, sender, target, random) is { } sealedDatagram)
                        {
                            authenticatedAnswers += Feed(r, target, sender, sealedDatagram);
                        }
                        else
                        {
                            // Authenticated garbage may legitimately delete the IKE SA; start over.
                            r = NewPair(round);
                            r.Establish();
                        }

                        break;
                }

                delivered++;
            }

            // Bounded: no engine holds more than the half-open limit plus the legitimate SAs.
            foreach (var engine in new[] { p.A, p.B, q.A, q.B, r.A, r.B, s.A, s.B })
            {
                Assert.True(engine.Engine.Context.Sas.Count <= 40, $"{engine.Engine.Context.Sas.Count} SAs after fuzzing");
            }

            // The mutations reached every layer: header checks, integrity checks, and authenticated parsing.
            Assert.True(p.B.Engine.Counters.Malformed > 0 && p.B.Engine.Counters.IntegrityFailures > 0);
            Assert.True(q.B.Engine.Counters.CookiesSent + q.B.Engine.Context.Sas.Count > 0);

            // P saw only unauthenticated garbage: its SAs still rekey and match.
            p.Filter = null;
            p.Time.Advance(TimeSpan.FromSeconds(1));
            p.A.Engine.RekeyChildSa("to-b", p.A.Installed.Keys.First());
            p.Pump();
            Assert.True(p.A.Installed.Count >= 1);
            p.AssertChildSasMatch(p.A.Installed.Count);
        }

        Assert.True(delivered >= 100_000);
        Assert.True(authenticatedAnswers > 10_000, authenticatedAnswers + " answers to authenticated garbage");
    }

    private static EnginePair NewPair(int round) => new(
        a => a with { DpdInterval = TimeSpan.Zero },
        b => b with { DpdInterval = TimeSpan.Zero },
        new IkeEngineOptions { FragmentSize = round % 2 == 0 ? 1280 : 200 });

    private static int Feed(EnginePair pair, EnginePair.Side target, EnginePair.Side from, byte[] datagram)
    {
        var local = target == pair.A ? EnginePair.AddressA : EnginePair.AddressB;
        var remote = from == pair.A ? EnginePair.AddressA : EnginePair.AddressB;
        target.Engine.OnDatagram(local, remote, datagram);

        // Answers go nowhere; only the engine's robustness is under test here.
        target.Engine.DrainEvents();
        return target.Engine.DrainActions().Count(a => a is Events.SendDatagram);
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var data = source.ToList();
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = (byte)random.Next(256); break;
                case 2: data.RemoveRange(at, data.Count - at); break;
                case 3: data.Insert(at, (byte)random.Next(256)); break;
                case 4: data[at] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF; break;
                case 5: data.RemoveAt(at); break;
                default:
                    // Rewrite a header field the parser trusts: length, next payload, exchange, flags or message ID.
                    if (data.Count >= 28)
                    {
                        int field = new[] { 16, 18, 19, 23, 27, 26 }[random.Next(6)];
                        data[field] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        var bytes = data.ToArray();

        // Half the time keep the IKE length field consistent so mutations reach the payload parsers.
        if (bytes.Length >= 28 && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(24), (uint)bytes.Length);
        }

        return bytes;
    }

    /// <summary>A correctly encrypted request whose inner payload chain is a mutation of a valid one.</summary>
    private static byte[]? SealedGarbage(EnginePair pair, EnginePair.Side sender, EnginePair.Side target, Random random)
    {
        var senderSa = sender.Engine.Context.Sas.Values.FirstOrDefault(s => s.IsEstablished);
        var targetSa = target.Engine.Context.Sas.Values.FirstOrDefault(s => s.IsEstablished);
        if (senderSa?.Outbound is null || targetSa is null || senderSa.LocalSpi != (targetSa.IsOriginalInitiator ? targetSa.ResponderSpi : targetSa.InitiatorSpi))
        {
            return null;
        }

        var exchange = (ExchangeType)(34 + random.Next(4));
        List<IkePayload> valid = random.Next(3) switch
        {
            0 => [new DeletePayload { Protocol = ProtocolId.Esp, Spis = [(uint)random.Next()] }],
            1 => [new NotifyPayload { Protocol = ProtocolId.Esp, Spi = [1, 2, 3, 4], NotifyType = NotifyType.RekeySa }, new SaPayload { Proposals = [new Proposal { Protocol = ProtocolId.Esp, Spi = [9, 9, 9, 9], Transforms = [new Transform(Kyoten.Ike.Transforms.TransformType.Encryption, 20, 256)] }] }, new NoncePayload { Data = new byte[32] }],
            _ => [new VendorIdPayload { Data = [1, 2, 3] }, new NotifyPayload { NotifyType = NotifyType.InitialContact }],
        };
        var inner = new byte[PayloadChain.GetLength(valid)];
        PayloadChain.Write(valid, inner);
        var mutated = Mutate(inner, random);
        var header = senderSa.NewMessage(exchange, targetSa.Tasks.ExpectedRequestId, response: false, []);
        return IkeMessageCodec.SealInner(header, senderSa.Outbound, (PayloadType)(random.Next(3) == 0 ? random.Next(256) : (int)valid[0].Type), mutated);
    }
}
