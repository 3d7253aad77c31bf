namespace Kyoten.Ike.Payloads;

/// <summary>Certificate encodings (RFC 7296 §3.6); only X.509 signature certificates are used.</summary>
internal enum CertEncoding : byte
{
    X509Signature = 4,
    Crl = 7,
    HashAndUrlX509 = 12,
}
