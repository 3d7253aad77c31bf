using System.Formats.Asn1;
using System.Security.Cryptography;
using Kyoten.Ike.Crypto;
using Kyoten.Ike.Transforms;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class AuthenticationTests
{
    private static readonly Prf Sha256 = Prf.Create(PrfAlgorithm.HmacSha2_256);
    private static readonly byte[] Octets = AuthOctets.Build(Sha256, "IKE_SA_INIT message 1"u8, "responder nonce"u8,
        Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), [2, 0, 0, 0, .. "site-a.example"u8]);

    [Fact]
    public void AuthOctets_AreMessageNonceAndMacedId()
    {
        var skPi = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] idBody = [2, 0, 0, 0, .. "site-a.example"u8]; // ID_FQDN, RESERVED, data
        var octets = AuthOctets.Build(Sha256, [1, 2, 3], [4, 5], skPi, idBody);
        Assert.Equal([1, 2, 3, 4, 5, .. Sha256.Compute(skPi, idBody)], octets);
    }

    [Fact]
    public void Psk_IsPrfOfPaddedKeyOverOctets()
    {
        // RFC 7296 §2.15: AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>).
        var secret = "correct horse battery staple"u8.ToArray();
        var inner = Sha256.Compute(secret, "Key Pad for IKEv2"u8);
        var expected = Sha256.Compute(inner, Octets);

        var auth = PskAuthenticator.Compute(Sha256, secret, Octets);

        Assert.Equal(expected, auth);
        Assert.True(PskAuthenticator.Verify(Sha256, secret, Octets, auth));
    }

    [Fact]
    public void Psk_WrongSecretOrTamperedData_Fails()
    {
        var auth = PskAuthenticator.Compute(Sha256, "secret"u8, Octets);
        Assert.False(PskAuthenticator.Verify(Sha256, "Secret"u8, Octets, auth));
        var tampered = (byte[])Octets.Clone();
        tampered[0] ^= 1;
        Assert.False(PskAuthenticator.Verify(Sha256, "secret"u8, tampered, auth));
        Assert.False(PskAuthenticator.Verify(Sha256, "secret"u8, Octets, auth[..^1]));
        Assert.False(PskAuthenticator.Verify(Sha256, "secret"u8, Octets, []));
    }

    [Theory]
    [InlineData(SignatureScheme.EcdsaSha256, 256)]
    [InlineData(SignatureScheme.EcdsaSha384, 384)]
    [InlineData(SignatureScheme.EcdsaSha512, 521)]
    [InlineData(SignatureScheme.EcdsaSha256, 384)]
    public void DigitalSignature_Ecdsa_RoundTrips(SignatureScheme scheme, int curveBits)
    {
        using var key = ECDsa.Create(Curve(curveBits));
        var auth = SignatureAuthenticator.SignDigitalSignature(key, scheme, Octets);

        Assert.True(SignatureAuthenticator.TryGetScheme(auth, out var parsed));
        Assert.Equal(scheme, parsed);
        Assert.True(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, Octets, PublicOnly(key)));
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, Octets[1..], PublicOnly(key)));
    }

    [Theory]
    [InlineData(SignatureScheme.RsaPkcs1Sha256)]
    [InlineData(SignatureScheme.RsaPkcs1Sha384)]
    [InlineData(SignatureScheme.RsaPkcs1Sha512)]
    [InlineData(SignatureScheme.RsaPssSha256)]
    [InlineData(SignatureScheme.RsaPssSha384)]
    [InlineData(SignatureScheme.RsaPssSha512)]
    public void DigitalSignature_Rsa2048_RoundTrips(SignatureScheme scheme)
    {
        var auth = SignatureAuthenticator.SignDigitalSignature(Rsa, scheme, Octets);
        using var publicKey = RSA.Create(Rsa.ExportParameters(false));

        Assert.True(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, Octets, publicKey));
        var tampered = (byte[])auth.Clone();
        tampered[^1] ^= 1;
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, tampered, Octets, publicKey));
    }

    [Fact]
    public void DigitalSignature_PssClaimedButPkcs1Signed_FailsCleanly()
    {
        using var publicKey = RSA.Create(Rsa.ExportParameters(false));
        var pkcs1 = SignatureAuthenticator.SignDigitalSignature(Rsa, SignatureScheme.RsaPkcs1Sha256, Octets);
        var pssPrefix = SignatureAlgorithmIdentifiers.RsaPssSha256.ToArray();
        byte[] relabelled = [(byte)pssPrefix.Length, .. pssPrefix, .. pkcs1[(1 + pkcs1[0])..]];
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, relabelled, Octets, publicKey));
    }

    [Fact]
    public void DigitalSignature_EcdsaWithRawRsInsteadOfDer_FailsCleanly()
    {
        // RFC 7427 method 14 carries the DER Ecdsa-Sig-Value; an r|s (RFC 4754) signature must not verify.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var raw = SignatureAuthenticator.SignEcdsa(key, Octets, out _);
        var prefix = SignatureAlgorithmIdentifiers.EcdsaSha256.ToArray();
        byte[] auth = [(byte)prefix.Length, .. prefix, .. raw];
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, Octets, PublicOnly(key)));
    }

    [Fact]
    public void Rfc4754_EcdsaWithDerInsteadOfRawRs_FailsCleanly()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = key.SignData(Octets, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.EcdsaSha256P256, der, Octets, PublicOnly(key)));
    }

    [Fact]
    public void DigitalSignature_KeyTypeMismatch_Fails()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecAuth = SignatureAuthenticator.SignDigitalSignature(ec, SignatureScheme.EcdsaSha256, Octets);
        using var rsaPublic = RSA.Create(Rsa.ExportParameters(false));
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, ecAuth, Octets, rsaPublic));
        Assert.Throws<ArgumentException>(() => SignatureAuthenticator.SignDigitalSignature(ec, SignatureScheme.RsaPssSha256, Octets));
    }

    [Theory]
    [InlineData(256, AuthMethodIds.EcdsaSha256P256, 64)]
    [InlineData(384, AuthMethodIds.EcdsaSha384P384, 96)]
    [InlineData(521, AuthMethodIds.EcdsaSha512P521, 132)]
    public void Rfc4754_Ecdsa_RoundTrips_WithFixedSizeSignature(int curveBits, byte expectedMethod, int signatureLength)
    {
        using var key = ECDsa.Create(Curve(curveBits));
        var auth = SignatureAuthenticator.SignEcdsa(key, Octets, out var method);
        Assert.Equal(expectedMethod, method);
        Assert.Equal(signatureLength, auth.Length);
        Assert.True(SignatureAuthenticator.Verify(method, auth, Octets, PublicOnly(key)));
        // The method fixes curve and hash: the same signature under another ECDSA method fails.
        var otherMethod = method == AuthMethodIds.EcdsaSha256P256 ? AuthMethodIds.EcdsaSha384P384 : AuthMethodIds.EcdsaSha256P256;
        Assert.False(SignatureAuthenticator.Verify(otherMethod, auth, Octets, PublicOnly(key)));
    }

    [Fact]
    public void Method1_RsaSha1Pkcs1_VerifiesLegacyPeer()
    {
        var signature = Rsa.SignData(Octets, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        using var publicKey = RSA.Create(Rsa.ExportParameters(false));
        Assert.True(SignatureAuthenticator.Verify(AuthMethodIds.RsaDigitalSignature, signature, Octets, publicKey));
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.RsaDigitalSignature, signature, Octets[1..], publicKey));
    }

    [Fact]
    public void HostileAuthData_NeverThrows()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicEc = PublicOnly(ec);
        using var rsaPublic = RSA.Create(Rsa.ExportParameters(false));
        var valid = SignatureAuthenticator.SignDigitalSignature(ec, SignatureScheme.EcdsaSha256, Octets);
        byte[][] inputs = [[], [0], [255], [12], valid[..13], [.. valid[..13], 0x30, 0x00], new byte[600]];
        foreach (var method in new byte[] { 1, 2, 9, 10, 11, 14, 200 })
        {
            foreach (var input in inputs)
            {
                Assert.False(SignatureAuthenticator.Verify(method, input, Octets, publicEc));
                Assert.False(SignatureAuthenticator.Verify(method, input, Octets, rsaPublic));
            }
        }

        for (var length = 0; length < valid.Length; length++)
        {
            Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, valid[..length], Octets, publicEc));
        }
    }

    [Fact]
    public void AlgorithmIdentifierBlobs_DecodeToTheRightOids()
    {
        // Independent check of the RFC 7427 Appendix A blobs with System.Formats.Asn1.
        AssertAlgorithmIdentifier(SignatureScheme.RsaPkcs1Sha256, "1.2.840.113549.1.1.11", hasNullParameters: true);
        AssertAlgorithmIdentifier(SignatureScheme.RsaPkcs1Sha384, "1.2.840.113549.1.1.12", hasNullParameters: true);
        AssertAlgorithmIdentifier(SignatureScheme.RsaPkcs1Sha512, "1.2.840.113549.1.1.13", hasNullParameters: true);
        AssertAlgorithmIdentifier(SignatureScheme.EcdsaSha256, "1.2.840.10045.4.3.2", hasNullParameters: false);
        AssertAlgorithmIdentifier(SignatureScheme.EcdsaSha384, "1.2.840.10045.4.3.3", hasNullParameters: false);
        AssertAlgorithmIdentifier(SignatureScheme.EcdsaSha512, "1.2.840.10045.4.3.4", hasNullParameters: false);
        AssertPss(SignatureScheme.RsaPssSha256, "2.16.840.1.101.3.4.2.1", 32);
        AssertPss(SignatureScheme.RsaPssSha384, "2.16.840.1.101.3.4.2.2", 48);
        AssertPss(SignatureScheme.RsaPssSha512, "2.16.840.1.101.3.4.2.3", 64);
    }

    [Fact]
    public void ChooseScheme_FollowsKeyAndPeerHashes()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Equal(SignatureScheme.EcdsaSha384, SignatureAuthenticator.ChooseScheme(p384, null));
        Assert.Equal(SignatureScheme.EcdsaSha256, SignatureAuthenticator.ChooseScheme(p384, [SignatureHashAlgorithm.Sha2_256]));
        Assert.Equal(SignatureScheme.RsaPkcs1Sha256, SignatureAuthenticator.ChooseScheme(Rsa, SignatureHashAlgorithmsNotify.Supported));
        Assert.Equal(SignatureScheme.RsaPssSha512, SignatureAuthenticator.ChooseScheme(Rsa, [SignatureHashAlgorithm.Sha2_512], preferPss: true));
    }

    [Fact]
    public void SignatureHashAlgorithmsNotify_RoundTrips_AndRejectsOddLength()
    {
        var data = SignatureHashAlgorithmsNotify.Encode(SignatureHashAlgorithmsNotify.Supported);
        Assert.Equal([0, 2, 0, 3, 0, 4], data);
        Assert.True(SignatureHashAlgorithmsNotify.TryDecode([0, 2, 0, 5, 0x12, 0x34], out var list));
        Assert.Equal([SignatureHashAlgorithm.Sha2_256, SignatureHashAlgorithm.Identity, (SignatureHashAlgorithm)0x1234], list);
        Assert.False(SignatureHashAlgorithmsNotify.TryDecode([0, 2, 0], out _));
    }

    private static readonly RSA Rsa = RSA.Create(2048);

    private static ECCurve Curve(int bits) => bits switch
    {
        256 => ECCurve.NamedCurves.nistP256,
        384 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    private static ECDsa PublicOnly(ECDsa key) => ECDsa.Create(key.ExportParameters(false));

    private static void AssertAlgorithmIdentifier(SignatureScheme scheme, string oid, bool hasNullParameters)
    {
        var reader = new AsnReader(SignatureAlgorithmIdentifiers.For(scheme).ToArray(), AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        Assert.False(reader.HasData);
        Assert.Equal(oid, sequence.ReadObjectIdentifier());
        if (hasNullParameters)
        {
            sequence.ReadNull();
        }

        Assert.False(sequence.HasData);
    }

    private static void AssertPss(SignatureScheme scheme, string hashOid, int saltLength)
    {
        var reader = new AsnReader(SignatureAlgorithmIdentifiers.For(scheme).ToArray(), AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        Assert.False(reader.HasData);
        Assert.Equal("1.2.840.113549.1.1.10", sequence.ReadObjectIdentifier());
        var parameters = sequence.ReadSequence();
        var hash = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        Assert.Equal(hashOid, hash.ReadObjectIdentifier());
        hash.ReadNull();
        var mgf = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
        Assert.Equal("1.2.840.113549.1.1.8", mgf.ReadObjectIdentifier());
        Assert.Equal(hashOid, mgf.ReadSequence().ReadObjectIdentifier());
        var salt = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2));
        Assert.True(salt.TryReadInt32(out var saltValue));
        Assert.Equal(saltLength, saltValue);
        Assert.False(parameters.HasData);
        Assert.False(sequence.HasData);
    }
}
