using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests.Crypto;

/// <summary>
/// The libcrypto EVP transform the data path uses for AES-GCM and ChaCha20-Poly1305 against the
/// .NET one it replaces (the RFC vectors in Vectors/ run through it too, via the SAs): same
/// ciphertext and ICV for every length, ESN or not, and any change to what the ICV covers refused.
/// </summary>
public sealed class OpenSslAeadTransformTests
{
    public static TheoryData<EspAlgorithm> Algorithms => [EspAlgorithm.AesGcm128, EspAlgorithm.AesGcm256, EspAlgorithm.ChaCha20Poly1305];

    [Fact]
    public void TheSystemLibcryptoIsUsed_OnTheseMachines()
    {
        // Debian's libssl3 is what .NET itself loads here; if this fails, the data path has
        // silently fallen back to the slower .NET transform.
        Assert.True(OpenSslAeadTransform.IsAvailable);
        using EspTransform transform = TransformFactory.Create(TestSas.Parameters(IpsecProtocol.Esp, IpsecMode.Tunnel), default);
        Assert.IsType<OpenSslAeadTransform>(transform);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SealsExactlyAsDotNetDoes_AndOpensWhatItSealed(EspAlgorithm algorithm)
    {
        AlgorithmInfo info = AlgorithmInfo.For(algorithm);
        var random = new Random((int)algorithm);
        byte[] key = new byte[info.EncryptionKeyLength];
        random.NextBytes(key);
        using var openssl = new OpenSslAeadTransform(info, key);
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

                openssl.Seal(packet, textLength, sequence, esn, default);
                dotnet.Seal(expected, textLength, sequence, esn, default);

                Assert.Equal(Hex.Of(expected), Hex.Of(packet));
                Assert.True(dotnet.Open(expected, textLength, sequence, esn));
                Assert.True(openssl.Open(packet, textLength, sequence, esn));
                Assert.Equal(Hex.Of(plain), Hex.Of(packet.AsSpan(8 + info.IvLength, textLength)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void AnyChangeToTheSpiSequenceIvTextOrIcv_IsRefused_AndLeavesNoPlaintext(EspAlgorithm algorithm)
    {
        AlgorithmInfo info = AlgorithmInfo.For(algorithm);
        byte[] key = Enumerable.Range(0, info.EncryptionKeyLength).Select(i => (byte)i).ToArray();
        using var transform = new OpenSslAeadTransform(info, key);
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
        // And a refusal leaves the context usable for the next, genuine packet.
        Assert.True(transform.Open(sealedPacket, textLength, 7, esn: true));
    }

    [Fact]
    public void ADisposedTransform_Throws_InsteadOfTouchingFreedMemory()
    {
        AlgorithmInfo info = AlgorithmInfo.For(EspAlgorithm.AesGcm256);
        var transform = new OpenSslAeadTransform(info, new byte[info.EncryptionKeyLength]);
        transform.Dispose();
        Assert.Throws<ObjectDisposedException>(() => transform.Open(new byte[64], 16, 1, esn: false));
    }
}
