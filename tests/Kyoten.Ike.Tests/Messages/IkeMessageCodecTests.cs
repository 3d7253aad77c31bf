using Kyoten.Ike.Messages;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Tests.Payloads;
using Xunit;

namespace Kyoten.Ike.Tests.Messages;

public sealed class IkeMessageCodecTests
{
    private static IkeMessage Sample(ExchangeType exchange = ExchangeType.Informational) => new()
    {
        InitiatorSpi = 0x1122334455667788,
        ResponderSpi = 0x99AABBCCDDEEFF00,
        Exchange = exchange,
        FromInitiator = true,
        MessageId = 7,
        Payloads = [.. SamplePayloads.All()],
    };

    public static TheoryData<bool> Ciphers() => [true, false];

    [Fact]
    public void Plain_message_round_trips()
    {
        var bytes = IkeMessageCodec.Encode(Sample(ExchangeType.IkeSaInit), null);

        Assert.True(IkeHeader.TryRead(bytes, out var header, out _));
        Assert.True(IkeMessageCodec.TryDecode(bytes, header, null, out var message, out _, out _));

        Assert.Equal(7u, message!.MessageId);
        Assert.True(message.FromInitiator);
        Assert.Equal(bytes, IkeMessageCodec.Encode(message, null));
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Encrypted_message_round_trips(bool gcm)
    {
        var protector = gcm ? TestProtector.Gcm() : TestProtector.Cbc();
        var bytes = IkeMessageCodec.Encode(Sample(), protector);

        Assert.True(IkeHeader.TryRead(bytes, out var header, out _));
        Assert.Equal(PayloadType.Encrypted, header.NextPayload);
        Assert.True(IkeMessageCodec.TryDecode(bytes, header, protector, out var message, out _, out _));

        Assert.True(message!.Encrypted);
        Assert.Equal(SamplePayloads.All().Count(), message.Payloads.Count);
        Assert.Equal(IkeMessageCodec.Encode(Sample(ExchangeType.IkeSaInit), null)[IkeHeader.Size..], IkeMessageCodec.Encode(new IkeMessage { Exchange = ExchangeType.IkeSaInit, InitiatorSpi = 0x1122334455667788, ResponderSpi = 0x99AABBCCDDEEFF00, FromInitiator = true, MessageId = 7, Payloads = message.Payloads }, null)[IkeHeader.Size..]);
    }

    [Fact]
    public void Every_prefix_of_a_message_is_rejected()
    {
        var protector = TestProtector.Gcm();
        var bytes = IkeMessageCodec.Encode(Sample(), protector);

        for (int length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length);
            bool headerOk = IkeHeader.TryRead(prefix, out var header, out _);
            Assert.False(headerOk && IkeMessageCodec.TryDecode(prefix, header, protector, out _, out _, out _), $"prefix {length}");
        }
    }

    [Fact]
    public void Every_prefix_with_a_patched_length_fails_cleanly()
    {
        var protector = TestProtector.Cbc();
        var bytes = IkeMessageCodec.Encode(Sample(), protector);

        for (int length = IkeHeader.Size; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(24), (uint)length);
            Assert.True(IkeHeader.TryRead(prefix, out var header, out _));
            Assert.False(IkeMessageCodec.TryDecode(prefix, header, protector, out _, out _, out var error));
            Assert.NotEqual(PayloadError.None, error);
        }
    }

    [Fact]
    public void Wrong_major_version_is_reported()
    {
        var bytes = IkeMessageCodec.Encode(Sample(ExchangeType.IkeSaInit), null);
        bytes[17] = 0x30;

        Assert.False(IkeHeader.TryRead(bytes, out _, out var error));
        Assert.Equal(PayloadError.InvalidMajorVersion, error);
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Fragments_reassemble_in_any_order(bool gcm)
    {
        var protector = gcm ? TestProtector.Gcm() : TestProtector.Cbc();
        var fragments = IkeMessageCodec.EncodeFragmented(Sample(), protector, 200);
        Assert.True(fragments.Count > 3);
        Assert.All(fragments, f => Assert.True(f.Length <= 200));

        var reassembler = new FragmentReassembler();
        byte[]? plain = null;
        IkeHeader whole = default;
        PayloadType first = PayloadType.None;
        foreach (var fragment in fragments.AsEnumerable().Reverse())
        {
            Assert.Null(plain);
            Assert.True(IkeHeader.TryRead(fragment, out var header, out _));
            Assert.True(IkeMessageCodec.TryDecode(fragment, header, protector, out var none, out var piece, out _));
            Assert.Null(none);
            reassembler.TryAdd(piece!, out whole, out first, out plain);
        }

        Assert.NotNull(plain);
        Assert.True(IkeMessageCodec.TryDecodeReassembled(whole, first, plain, out var message, out _));
        Assert.Equal(SamplePayloads.All().Count(), message!.Payloads.Count);
    }

    [Fact]
    public void Reassembler_ignores_duplicates_and_bounds_memory()
    {
        var protector = TestProtector.Gcm();
        var fragments = IkeMessageCodec.EncodeFragmented(Sample(), protector, 200);
        var reassembler = new FragmentReassembler();
        FragmentPiece Piece(byte[] f)
        {
            Assert.True(IkeHeader.TryRead(f, out var h, out _));
            Assert.True(IkeMessageCodec.TryDecode(f, h, protector, out _, out var p, out _));
            return p!;
        }

        var firstPiece = Piece(fragments[0]);
        Assert.False(reassembler.TryAdd(firstPiece, out _, out _, out _));
        Assert.False(reassembler.TryAdd(firstPiece, out _, out _, out _));

        // A claim of more than MaxFragments fragments is refused outright.
        var tooMany = firstPiece with { Fragment = new SkfHeader(1, FragmentReassembler.MaxFragments + 1) };
        Assert.False(reassembler.TryAdd(tooMany, out _, out _, out _));

        bool done = false;
        foreach (var fragment in fragments.Skip(1))
        {
            done = reassembler.TryAdd(Piece(fragment), out _, out _, out _);
        }

        Assert.True(done);
    }
}
