using System.Net;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tests.Payloads;

/// <summary>One instance of every payload codec, with every optional part filled.</summary>
internal static class SamplePayloads
{
    public static IEnumerable<IkePayload> All()
    {
        yield return new SaPayload
        {
            Proposals =
            [
                new Proposal
                {
                    Number = 1,
                    Protocol = ProtocolId.Ike,
                    Transforms =
                    [
                        new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256),
                        new Transform(TransformType.Prf, (ushort)PrfAlgorithm.HmacSha2_256),
                        new Transform(TransformType.KeyExchange, (ushort)KeyExchangeMethod.Curve25519),
                    ],
                },
                new Proposal
                {
                    Number = 2,
                    Protocol = ProtocolId.Esp,
                    Spi = [1, 2, 3, 4],
                    Transforms = [new Transform(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 128), new Transform(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128), new Transform(TransformType.ExtendedSequenceNumbers, 0)],
                },
            ],
        };
        yield return new KePayload { Group = KeyExchangeMethod.Curve25519, Data = Filled(32, 7) };
        yield return new IdPayload(true) { IdType = IdType.Ipv4Address, Data = [192, 0, 2, 1] };
        yield return new IdPayload(false) { IdType = IdType.Ipv6Address, Data = IPAddress.Parse("2001:db8::1").GetAddressBytes() };
        yield return new IdPayload(true) { IdType = IdType.Fqdn, Data = "site-a.example"u8.ToArray() };
        yield return new IdPayload(false) { IdType = IdType.Rfc822Address, Data = "ops@example.org"u8.ToArray() };
        yield return new IdPayload(true) { IdType = IdType.DerAsn1Dn, Data = [0x30, 0x0F, 0x31, 0x0D, 0x30, 0x0B, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x04, 0x73, 0x69, 0x74, 0x65] };
        yield return new CertPayload(PayloadType.Certificate) { Data = Filled(300, 3) };
        yield return new CertPayload(PayloadType.CertificateRequest) { Data = Filled(40, 9) };
        yield return new AuthPayload { Method = AuthMethod.SharedKeyMessageIntegrityCode, Data = Filled(32, 1) };
        yield return new NoncePayload { Data = Filled(32, 5) };
        yield return new NotifyPayload { NotifyType = NotifyType.Cookie, Data = Filled(20, 4) };
        yield return new NotifyPayload { Protocol = ProtocolId.Esp, Spi = [9, 9, 9, 9], NotifyType = NotifyType.RekeySa };
        yield return new DeletePayload { Protocol = ProtocolId.Ike };
        yield return new DeletePayload { Protocol = ProtocolId.Esp, Spis = [0x01020304, 0xAABBCCDD] };
        yield return new VendorIdPayload { Data = "kyoten"u8.ToArray() };
        yield return new TsPayload(true)
        {
            Selectors =
            [
                new TrafficSelector(IPAddress.Parse("198.18.1.0"), IPAddress.Parse("198.18.1.255"), 6, 80, 443),
                new TrafficSelector(IPAddress.Parse("2001:db8::"), IPAddress.Parse("2001:db8::ffff")),
            ],
        };
        yield return new TsPayload(false) { Selectors = [TrafficSelector.Any(false)] };
    }

    public static byte[] Filled(int length, byte seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed + i);
        }

        return data;
    }
}
