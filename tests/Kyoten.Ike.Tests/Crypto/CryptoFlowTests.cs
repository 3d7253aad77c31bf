using System.Security.Cryptography;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

/// <summary>The pieces as the IKE engine strings them together, both ends in memory.</summary>
public sealed class CryptoFlowTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519")]
    [InlineData("aes128-sha256-modp2048")]
    [InlineData("chacha20poly1305-prfsha512-ecp384")]
    public void InitiatorAndResponder_DeriveTheSameKeys_AndAuthenticateEachOther(string proposal)
    {
        var spec = ProposalNotation.Parse(proposal);
        Assert.Null(spec.Validate(ProposalKind.Ike));
        Assert.True(IkeCipherSuite.TryCreate(spec.Encryption, spec.KeyBits, spec.Integrity, out var suite));
        var prf = Prf.Create(spec.EffectivePrf);

        // HDR, SAi1, KEi, Ni  -->
        using var keI = KeyExchangeFactory.Create(spec.KeyExchanges[0]);
        var ni = RandomNumberGenerator.GetBytes(32);
        // <--  HDR, SAr1, KEr, Nr
        using var keR = KeyExchangeFactory.Create(spec.KeyExchanges[0]);
        var nr = RandomNumberGenerator.GetBytes(32);
        Assert.True(keI.TryComputeSharedSecret(keR.PublicValue.Span, out var girI));
        Assert.True(keR.TryComputeSharedSecret(keI.PublicValue.Span, out var girR));
        const ulong SpiI = 0x1122334455667788, SpiR = 0x99aabbccddeeff00;
        using var keysI = IkeKeyDerivation.DeriveIkeSaKeys(prf, girI, ni, nr, SpiI, SpiR, suite!.EncryptionKeyLength, suite.IntegrityKeyLength);
        using var keysR = IkeKeyDerivation.DeriveIkeSaKeys(prf, girR, ni, nr, SpiI, SpiR, suite.EncryptionKeyLength, suite.IntegrityKeyLength);

        // HDR, SK {IDi, AUTH, ...}  -->  sealed with SK_ei/SK_ai, opened by the responder with its copy.
        byte[] idI = [2, 0, 0, 0, .. "site-a.example"u8];
        var octetsI = AuthOctets.Build(prf, "message 1"u8, nr, keysI.SkPi, idI);
        var authI = PskAuthenticator.Compute(prf, "psk"u8, octetsI);
        byte[] inner = [.. idI, .. authI];
        var header = new byte[32];
        var message = new byte[header.Length + suite.GetEncryptedLength(inner.Length)];
        inner.CopyTo(message, suite.GetPlaintextOffset(header.Length));
        suite.Seal(keysI.SkEi, keysI.SkAi, message, header.Length, inner.Length);

        Assert.True(suite.TryOpen(keysR.SkEi, keysR.SkAi, message, header.Length, out var opened));
        Assert.Equal(inner, opened);
        Assert.False(suite.TryOpen(keysR.SkEr, keysR.SkAr, message, header.Length, out _)); // wrong direction
        var octetsAtResponder = AuthOctets.Build(prf, "message 1"u8, nr, keysR.SkPi, opened.AsSpan(0, idI.Length));
        Assert.True(PskAuthenticator.Verify(prf, "psk"u8, octetsAtResponder, opened.AsSpan(idI.Length)));

        // CREATE_CHILD_SA keys for ESP AES-GCM-256 without PFS: each side gets the same per-direction keys.
        using var childI = IkeKeyDerivation.DeriveChildSaKeys(prf, keysI.SkD, [], ni, nr, 36, 0);
        using var childR = IkeKeyDerivation.DeriveChildSaKeys(prf, keysR.SkD, [], ni, nr, 36, 0);
        Assert.Equal(childI.InitiatorEncryptionKey, childR.InitiatorEncryptionKey);
        Assert.Equal(childI.ResponderEncryptionKey, childR.ResponderEncryptionKey);
        Assert.NotEqual(childI.InitiatorEncryptionKey, childI.ResponderEncryptionKey);
    }
}
