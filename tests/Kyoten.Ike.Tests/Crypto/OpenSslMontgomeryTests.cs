using Kyoten.Ike.Crypto;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

/// <summary>The libcrypto X25519/X448 path must be in use on Linux and agree with BouncyCastle's.</summary>
public sealed class OpenSslMontgomeryTests
{
    [Fact]
    public void LibcryptoPath_IsAvailableOnLinux() => Assert.True(OpenSslMontgomery.IsAvailable);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomKeys_AgreeWithBouncyCastle(bool is448)
    {
        var random = new Random(7748);
        int size = is448 ? X448.ScalarSize : X25519.ScalarSize;
        for (int round = 0; round < 50; round++)
        {
            var scalar = new byte[size];
            var peerScalar = new byte[size];
            random.NextBytes(scalar);
            random.NextBytes(peerScalar);
            var peerPublic = new byte[size];
            var expectedPublic = new byte[size];
            var expectedSecret = new byte[size];
            if (is448)
            {
                X448.ScalarMultBase(peerScalar, peerPublic);
                X448.ScalarMultBase(scalar, expectedPublic);
                X448.ScalarMult(scalar, peerPublic, expectedSecret);
            }
            else
            {
                X25519.ScalarMultBase(peerScalar, peerPublic);
                X25519.ScalarMultBase(scalar, expectedPublic);
                X25519.ScalarMult(scalar, peerPublic, expectedSecret);
            }

            using var key = OpenSslMontgomery.ImportPrivate(is448, scalar);
            Assert.NotNull(key);
            var actualPublic = new byte[size];
            var actualSecret = new byte[size];
            Assert.True(OpenSslMontgomery.TryGetPublic(key, actualPublic));
            Assert.True(OpenSslMontgomery.TryDerive(is448, key, peerPublic, actualSecret));
            Assert.Equal(expectedPublic, actualPublic);
            Assert.Equal(expectedSecret, actualSecret);
        }
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    public void LowOrderPeerValue_IsRefused(bool is448, byte u)
    {
        int size = is448 ? X448.ScalarSize : X25519.ScalarSize;
        var scalar = new byte[size];
        scalar[0] = 42;
        var peer = new byte[size];
        peer[0] = u;
        using var key = OpenSslMontgomery.ImportPrivate(is448, scalar);
        Assert.NotNull(key);
        Assert.False(OpenSslMontgomery.TryDerive(is448, key, peer, new byte[size]));
    }

    [Fact]
    public void WrongLengthPeerValue_IsRefused()
    {
        using var key = OpenSslMontgomery.ImportPrivate(false, new byte[32]);
        Assert.NotNull(key);
        Assert.False(OpenSslMontgomery.TryDerive(false, key, new byte[31], new byte[32]));
    }
}
