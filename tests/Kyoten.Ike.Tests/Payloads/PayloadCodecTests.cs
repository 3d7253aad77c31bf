using Kyoten.Ike.Payloads;
using Xunit;

namespace Kyoten.Ike.Tests.Payloads;

public sealed class PayloadCodecTests
{
    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < SamplePayloads.All().Count(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static byte[] EncodeChain(IkePayload payload)
    {
        var bytes = new byte[PayloadChain.GetLength([payload])];
        PayloadChain.Write([payload], bytes);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Write_then_read_gives_the_same_bytes(int index)
    {
        var payload = SamplePayloads.All().ElementAt(index);
        var bytes = EncodeChain(payload);

        var decoded = new List<IkePayload>();
        Assert.True(PayloadChain.TryRead(payload.Type, bytes, decoded, out var encrypted, out var error), error.ToString());

        Assert.False(encrypted.IsPresent);
        var single = Assert.Single(decoded);
        Assert.Equal(payload.GetType(), single.GetType());
        Assert.Equal(payload.Type, single.Type);
        Assert.Equal(bytes, EncodeChain(single));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Every_prefix_of_an_encoded_payload_fails_cleanly(int index)
    {
        var payload = SamplePayloads.All().ElementAt(index);
        var bytes = EncodeChain(payload);

        for (int length = 0; length < bytes.Length; length++)
        {
            var decoded = new List<IkePayload>();
            Assert.False(PayloadChain.TryRead(payload.Type, bytes.AsSpan(0, length), decoded, out _, out var error), $"prefix {length}");
            Assert.NotEqual(PayloadError.None, error);
        }
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Every_prefix_of_a_body_with_patched_length_never_throws(int index)
    {
        var payload = SamplePayloads.All().ElementAt(index);
        var bytes = EncodeChain(payload);

        // Patch the generic length so the codec sees a short but self-consistent payload.
        for (int length = IkePayload.HeaderLength; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            prefix[2] = (byte)(length >> 8);
            prefix[3] = (byte)length;
            var decoded = new List<IkePayload>();
            _ = PayloadChain.TryRead(payload.Type, prefix, decoded, out _, out _);
        }
    }

    [Fact]
    public void Unknown_non_critical_payload_is_skipped_and_kept_opaque()
    {
        byte[] chain = [0, 0x00, 0, 6, 0xAB, 0xCD];

        var decoded = new List<IkePayload>();
        Assert.True(PayloadChain.TryRead((PayloadType)200, chain, decoded, out _, out _));

        var unknown = Assert.IsType<UnknownPayload>(Assert.Single(decoded));
        Assert.Equal([0xAB, 0xCD], unknown.Body);
    }

    [Fact]
    public void Unknown_critical_payload_reports_unsupported_critical()
    {
        byte[] chain = [0, 0x80, 0, 4];

        Assert.False(PayloadChain.TryRead((PayloadType)200, chain, [], out _, out var error));

        Assert.Equal(PayloadError.UnsupportedCritical, error);
    }

    [Fact]
    public void Nonce_shorter_than_16_octets_is_rejected()
    {
        Assert.False(NoncePayload.TryRead(new byte[15], out _, out _));
        Assert.True(NoncePayload.TryRead(new byte[16], out _, out _));
        Assert.False(NoncePayload.TryRead(new byte[257], out _, out _));
    }

    [Fact]
    public void Key_length_attribute_survives_the_round_trip()
    {
        var sa = (SaPayload)SamplePayloads.All().First();
        var bytes = EncodeChain(sa);

        var decoded = new List<IkePayload>();
        Assert.True(PayloadChain.TryRead(PayloadType.SecurityAssociation, bytes, decoded, out _, out _));

        var proposal = ((SaPayload)decoded[0]).Proposals[0];
        Assert.Equal((ushort)256, proposal.Transforms[0].KeyLength);
        Assert.Equal((ushort)0, proposal.Transforms[1].KeyLength);
    }

    [Fact]
    public void Cidr_parses_into_a_range()
    {
        Assert.True(TrafficSelector.TryParseCidr("198.18.1.0/24", out var ts));
        Assert.Equal("198.18.1.0", ts!.StartAddress.ToString());
        Assert.Equal("198.18.1.255", ts.EndAddress.ToString());
        Assert.True(TrafficSelector.TryParseCidr("2001:db8::/64", out var ts6));
        Assert.Equal("2001:db8::ffff:ffff:ffff:ffff", ts6!.EndAddress.ToString());
    }
}
