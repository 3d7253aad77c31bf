namespace Kyoten.Ike.Payloads;

/// <summary>
/// Certificate payload (RFC 7296 §3.6) and, with <see cref="PayloadType.CertificateRequest"/>,
/// Certificate Request payload (RFC 7296 §3.7), which share one layout:
/// <code>
///  Cert Encoding (1) | Certificate Data / Certification Authority (SHA-1 hashes of SPKIs)
/// </code>
/// </summary>
internal sealed class CertPayload(PayloadType type) : IkePayload
{
    public override PayloadType Type { get; } = type;

    public CertEncoding Encoding { get; init; } = CertEncoding.X509Signature;

    public byte[] Data { get; init; } = [];

    public override int BodyLength => 1 + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Encoding;
        Data.CopyTo(destination[1..]);
    }

    public static bool TryRead(ReadOnlySpan<byte> body, PayloadType type, out CertPayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 1)
        {
            error = PayloadError.Truncated;
            return false;
        }

        // RFC 7296 §3.7: the CA field of an X.509 CERTREQ is a concatenation of 20-octet SHA-1 hashes.
        if (type == PayloadType.CertificateRequest && body[0] == (byte)CertEncoding.X509Signature && (body.Length - 1) % 20 != 0)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        payload = new CertPayload(type) { Encoding = (CertEncoding)body[0], Data = body[1..].ToArray() };
        error = PayloadError.None;
        return true;
    }
}
