using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kyoten.Ike.Crypto;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Kyoten.Ike.Tests.Crypto;

public sealed class CertificateValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _otherRoot;

    public CertificateValidatorTests()
    {
        _root = CreateCa("CN=Kyoten Test Root", null, Now.AddYears(-3), Now.AddYears(5), [0x01]);
        _intermediate = CreateCa("CN=Kyoten Test Intermediate", _root, Now.AddMonths(-6), Now.AddYears(2), [0x02]);
        _leaf = CreateLeaf("CN=site-a.example, O=Kyoten", _intermediate, Now.AddDays(-1), Now.AddDays(90), [0x00, 0xA1]);
        _otherRoot = CreateCa("CN=Other Root", null, Now.AddYears(-1), Now.AddYears(5), [0x01]);
    }

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _leaf.Dispose();
        _otherRoot.Dispose();
    }

    [Fact]
    public void ValidChain_WithMatchingFqdn_Passes()
    {
        var result = Validator().Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "SITE-A.example"u8);
        Assert.True(result.IsValid, result.Reason);
    }

    [Theory]
    [InlineData(CertificateIdentity.IdRfc822Address, "ops@site-a.example")]
    [InlineData(CertificateIdentity.IdIpv4Address, "192.0.2.10")]
    [InlineData(CertificateIdentity.IdIpv6Address, "2001:db8::10")]
    public void ValidChain_WithMatchingSan_Passes(byte idType, string identity)
    {
        var data = idType == CertificateIdentity.IdRfc822Address
            ? Encoding.ASCII.GetBytes(identity)
            : IPAddress.Parse(identity).GetAddressBytes();
        var result = Validator().Validate(_leaf, [_intermediate], idType, data);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void ValidChain_WithSubjectDn_Passes_AndOtherDnFails()
    {
        Assert.True(Validator().Validate(_leaf, [_intermediate], CertificateIdentity.IdDerAsn1Dn, _leaf.SubjectName.RawData).IsValid);
        var other = new X500DistinguishedName("CN=site-b.example, O=Kyoten").RawData;
        var result = Validator().Validate(_leaf, [_intermediate], CertificateIdentity.IdDerAsn1Dn, other);
        Assert.Equal(CertificateValidationError.IdentityMismatch, result.Error);
    }

    [Theory]
    [InlineData(CertificateIdentity.IdFqdn, "site-b.example")]
    [InlineData(CertificateIdentity.IdFqdn, "site-a.example.evil")]
    [InlineData(CertificateIdentity.IdRfc822Address, "site-a.example")]
    [InlineData(CertificateIdentity.IdIpv4Address, "192.0.2.11")]
    public void IdentityNotInCertificate_Fails(byte idType, string identity)
    {
        var data = idType == CertificateIdentity.IdIpv4Address
            ? IPAddress.Parse(identity).GetAddressBytes()
            : Encoding.ASCII.GetBytes(identity);
        var result = Validator().Validate(_leaf, [_intermediate], idType, data);
        Assert.Equal(CertificateValidationError.IdentityMismatch, result.Error);
        Assert.Contains("identity", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyIdIdentity_IsUnsupported()
    {
        var result = Validator().Validate(_leaf, [_intermediate], 11, [1, 2, 3]);
        Assert.Equal(CertificateValidationError.UnsupportedIdType, result.Error);
    }

    [Fact]
    public void ImpostorRootWithSameName_Fails()
    {
        // Same subject name as the real root, different key: the signature check must catch it.
        using var impostor = CreateCa("CN=Kyoten Test Root", null, Now.AddYears(-1), Now.AddYears(5), [0x01]);
        var result = new CertificateValidator([impostor], _time).Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.False(result.IsValid);
        Assert.Contains(result.Error, new[] { CertificateValidationError.UntrustedChain, CertificateValidationError.InvalidChain });
    }

    [Fact]
    public void WrongCa_FailsAsUntrusted()
    {
        var validator = new CertificateValidator([_otherRoot], _time);
        var result = validator.Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.UntrustedChain, result.Error);
    }

    [Fact]
    public void MissingIntermediate_FailsAsUntrusted()
    {
        var result = Validator().Validate(_leaf, null, CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.UntrustedChain, result.Error);
    }

    [Fact]
    public void ExpiredLeaf_Fails()
    {
        _time.SetUtcNow(Now.AddDays(91));
        var result = Validator().Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.Expired, result.Error);
        Assert.Contains("expired", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NotYetValidLeaf_Fails()
    {
        var validator = new CertificateValidator([_root], new FakeTimeProvider(Now.AddDays(-2)));
        var result = validator.Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.NotYetValid, result.Error);
    }

    [Fact]
    public void ExpiredIntermediate_Fails()
    {
        using var shortIntermediate = CreateCa("CN=Short Intermediate", _root, Now.AddYears(-2), Now.AddDays(-1), [0x03]);
        using var leaf = CreateLeaf("CN=site-c.example", shortIntermediate, Now.AddDays(-10), Now.AddDays(10), [0x04]);
        var result = Validator().Validate(leaf, [shortIntermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.Expired, result.Error);
    }

    [Theory]
    [InlineData("A1")]
    [InlineData("00a1")]
    public void RevokedLeafSerial_Fails(string serial)
    {
        var validator = new CertificateValidator([_root], _time, [serial]);
        var result = validator.Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8);
        Assert.Equal(CertificateValidationError.Revoked, result.Error);
    }

    [Fact]
    public void RevokedIntermediateSerial_Fails()
    {
        var validator = new CertificateValidator([_root], _time, ["02"]);
        Assert.Equal(CertificateValidationError.Revoked,
            validator.Validate(_leaf, [_intermediate], CertificateIdentity.IdFqdn, "site-a.example"u8).Error);
    }

    [Fact]
    public void LeafSignedByNonCa_FailsChainRules()
    {
        // A leaf used as an issuer: basic constraints forbid it.
        using var leafWithKey = CreateLeaf("CN=not-a-ca", _intermediate, Now.AddDays(-1), Now.AddDays(30), [0x05]);
        using var child = CreateLeaf("CN=child", leafWithKey, Now.AddDays(-1), Now.AddDays(30), [0x06]);
        var result = Validator().ValidateChain(child, [_intermediate, leafWithKey]);
        Assert.False(result.IsValid);
        Assert.Equal(CertificateValidationError.InvalidChain, result.Error);
    }

    [Fact]
    public void CertReqAuthorityHash_IsSha1OfSubjectPublicKeyInfo()
    {
        var hash = CertificateValidator.CertReqAuthorityHash(_root);
        Assert.Equal(20, hash.Length);
        Assert.Equal(SHA1.HashData(_root.PublicKey.ExportSubjectPublicKeyInfo()), hash);
        Assert.NotEqual(hash, CertificateValidator.CertReqAuthorityHash(_otherRoot));
    }

    [Fact]
    public void SignatureAuth_VerifiesWithTheLeafCertificate()
    {
        byte[] octets = [1, 2, 3, 4];
        using var key = _leaf.GetECDsaPrivateKey()!;
        var auth = SignatureAuthenticator.SignDigitalSignature(key, SignatureScheme.EcdsaSha256, octets);
        using var publicOnly = X509CertificateLoader.LoadCertificate(_leaf.RawData);
        Assert.True(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, octets, publicOnly));
        Assert.False(SignatureAuthenticator.Verify(AuthMethodIds.DigitalSignature, auth, octets, _intermediate));
    }

    private CertificateValidator Validator() => new([_root], _time);

    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer, DateTimeOffset notBefore,
        DateTimeOffset notAfter, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var cert = request.Create(issuer, notBefore, notAfter, serial);
        return cert.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 CreateLeaf(string subject, X509Certificate2 issuer, DateTimeOffset notBefore,
        DateTimeOffset notAfter, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("site-a.example");
        san.AddEmailAddress("ops@site-a.example");
        san.AddIpAddress(IPAddress.Parse("192.0.2.10"));
        san.AddIpAddress(IPAddress.Parse("2001:db8::10"));
        request.CertificateExtensions.Add(san.Build());
        // Sign through a generator so the test can also build chains .NET's issuer checks would refuse.
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        using var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        return cert.CopyWithPrivateKey(key);
    }
}
