using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests.Crypto;

/// <summary>
/// The transforms the data path uses for AEADs — libsodium's AES-256-GCM, libcrypto's EVP for
/// AES-128-GCM and ChaCha20-Poly1305 — against the .NET one they replace (the RFC vectors in
/// Vectors/ run through them too, via the SAs): same ciphertext and ICV for every length, ESN or
/// not, and any change to what the ICV covers refused without leaving plaintext behind.
/// </summary>
public sealed class FastAeadTransformTests
{
    public static TheoryData<string, EspAlgorithm> Transforms => new()
    {
        { "sodium", EspAlgorithm.AesGcm256 },
        { "openssl", EspAlgorithm.AesGcm128 },
        { "openssl", EspAlgorithm.AesGcm256 },
        { "openssl", EspAlgorithm.ChaCha20Poly1305 },
    };

    [Theory]
    [InlineData(EspAlgorithm.AesGcm256, typeof(SodiumAesGcmTransform))]
    [InlineData(EspAlgorithm.AesGcm128, typeof(OpenSslAeadTransform))]
    [InlineData(EspAlgorithm.ChaCha20Poly1305, typeof(OpenSslAeadTransform))]
    public void TheFastTransformsAreTheOnesUsed_OnTheseMachines(EspAlgorithm algorithm, Type expected)
    {
        // AES-NI and Debian's libssl3 are there on every machine this runs on; if this fails, the
        // data path has silently fallen back to a slower transform.
        Assert.True(SodiumAesGcmTransform.IsSupported);
        Assert.True(OpenSslAeadTransform.IsAvailable);
        using EspTransform transform = TransformFactory.Create(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel, algorithm), default);
        Assert.IsType(expected, transform);
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void SealsExactlyAsDotNetDoes_AndOpensWhatItSealed(string library, EspAlgorithm algorithm)
    {
        AlgorithmInfo info = AlgorithmInfo.For(algorithm);
        var random = new Random((int)algorithm);
        byte[] key = new byte[info.EncryptionKeyLength];
        random.NextBytes(key);
        using EspTransform fast = Create(library, info, key);
        using var dotnet = new AeadTransform(info, key);
        foreach (int textLength in new[] { 4, 16, 17, 255, 1400, 1433, 9000 })
        {
            foreach (bool esn in new[] { false, true })
            {
                ulong sequence = ((ulong)random.Next() << 32) | (uint)random.Next();
                byte[] packet = new byte[8 + info.IvLength + textLength + info.IcvLength];
                random.NextBytes(packet);
                byte[] expected = (byte[])packet.Clone();
                byte[] plain = packet.AsSpan(8 + info.IvLength, textLength).ToArray();

                fast.Seal(packet, textLength, sequence, esn, default);
                dotnet.Seal(expected, textLength, sequence, esn, default);

                Assert.Equal(Hex.Of(expected), Hex.Of(packet));
                Assert.True(dotnet.Open(expected, textLength, sequence, esn));
                Assert.True(fast.Open(packet, textLength, sequence, esn));
                Assert.Equal(Hex.Of(plain), Hex.Of(packet.AsSpan(8 + info.IvLength, textLength)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void AnyChangeToTheSpiSequenceIvTextOrIcv_IsRefused_AndLeavesNoPlaintext(string library, EspAlgorithm algorithm)
    {
        AlgorithmInfo info = AlgorithmInfo.For(algorithm);
        byte[] key = Enumerable.Range(0, info.EncryptionKeyLength).Select(i => (byte)i).ToArray();
        using EspTransform transform = Create(library, info, key);
        const int textLength = 100;
        byte[] sealedPacket = new byte[8 + info.IvLength + textLength + info.IcvLength];
        sealedPacket.AsSpan(8 + info.IvLength, textLength).Fill(0x5A);
        transform.Seal(sealedPacket, textLength, 7, esn: true, default);

        for (int position = 0; position < sealedPacket.Length; position += 3)
        {
            byte[] forged = (byte[])sealedPacket.Clone();
            forged[position] ^= 0x80;
            Assert.False(transform.Open(forged, textLength, 7, esn: true), $"flipped octet {position} was accepted");
            Assert.DoesNotContain((byte)0x5A, forged.AsSpan(8 + info.IvLength, textLength).ToArray());
        }

        // The high half of the ESN is authenticated though never sent.
        Assert.False(transform.Open((byte[])sealedPacket.Clone(), textLength, 7 + (1UL << 32), esn: true));
        // And a refusal leaves the transform usable for the next, genuine packet.
        Assert.True(transform.Open(sealedPacket, textLength, 7, esn: true));
    }

    [Theory]
    [InlineData("sodium")]
    [InlineData("openssl")]
    public void ADisposedTransform_Throws_InsteadOfTouchingFreedMemory(string library)
    {
        AlgorithmInfo info = AlgorithmInfo.For(EspAlgorithm.AesGcm256);
        EspTransform transform = Create(library, info, new byte[info.EncryptionKeyLength]);
        transform.Dispose();
        Assert.Throws<ObjectDisposedException>(() => transform.Open(new byte[64], 16, 1, esn: false));
    }

    [Fact]
    public void Sodium_RefusesWhatLibsodiumDoesNotOffer()
    {
        AlgorithmInfo info = AlgorithmInfo.For(EspAlgorithm.AesGcm128);
        Assert.Throws<ArgumentException>(() => new SodiumAesGcmTransform(info, new byte[info.EncryptionKeyLength]));
    }

    private static EspTransform Create(string library, AlgorithmInfo info, byte[] key) =>
        library == "sodium" ? new SodiumAesGcmTransform(info, key) : new OpenSslAeadTransform(info, key);
}
