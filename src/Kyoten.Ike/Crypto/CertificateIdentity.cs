using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Matches an IKE identity (ID payload type and data, RFC 7296 §3.5) against a certificate, as
/// RFC 4945 §3.1 asks: FQDN, RFC 822 and IP identities against subjectAltName entries, DNs against
/// the subject.
/// </summary>
public static class CertificateIdentity
{
    public const byte IdIpv4Address = 1;
    public const byte IdFqdn = 2;
    public const byte IdRfc822Address = 3;
    public const byte IdIpv6Address = 5;
    public const byte IdDerAsn1Dn = 9;

    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>True when the certificate names the identity; <paramref name="error"/> says why not.</summary>
    public static bool Matches(X509Certificate2 certificate, byte idType, ReadOnlySpan<byte> idData, out CertificateValidationError error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        error = CertificateValidationError.None;
        bool match;
        switch (idType)
        {
            case IdDerAsn1Dn:
                // RFC 4945 §3.1.5: the DN must equal the certificate's subject; byte comparison of the DER.
                match = idData.SequenceEqual(certificate.SubjectName.RawData);
                break;
            case IdFqdn:
            case IdRfc822Address:
                var wanted = Encoding.ASCII.GetString(idData);
                var tag = idType == IdFqdn ? 2 : 1;
                match = !idData.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e)
                    && SubjectAltNames(certificate, tag).Any(name => string.Equals(
                        Encoding.ASCII.GetString(name), wanted, StringComparison.OrdinalIgnoreCase));
                break;
            case IdIpv4Address when idData.Length == 4:
            case IdIpv6Address when idData.Length == 16:
                var address = idData.ToArray();
                match = SubjectAltNames(certificate, 7).Any(name => name.AsSpan().SequenceEqual(address));
                break;
            case IdIpv4Address:
            case IdIpv6Address:
                match = false;
                break;
            default:
                error = CertificateValidationError.UnsupportedIdType;
                return false;
        }

        if (!match)
        {
            error = CertificateValidationError.IdentityMismatch;
        }

        return match;
    }

    /// <summary>
    /// The subjectAltName GeneralName values with the given context tag (1 rfc822Name, 2 dNSName,
    /// 7 iPAddress). An unreadable extension yields nothing, so it can never match.
    /// </summary>
    internal static List<byte[]> SubjectAltNames(X509Certificate2 certificate, int contextTag)
    {
        var names = new List<byte[]>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (sequence.HasData)
                {
                    var tag = sequence.PeekTag();
                    if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == contextTag && !tag.IsConstructed)
                    {
                        names.Add(sequence.ReadOctetString(tag));
                    }
                    else
                    {
                        sequence.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                return [];
            }
        }

        return names;
    }
}
