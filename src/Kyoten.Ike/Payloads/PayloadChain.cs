using System.Buffers.Binary;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// Walks a chain of payloads linked by their Next Payload fields (RFC 7296 §3.2) and dispatches
/// each body to its codec. Stops at SK/SKF, which must be last (RFC 7296 §3.14, RFC 7383 §2.5),
/// and reports where its body lies so the message codec can decrypt it.
/// </summary>
internal static class PayloadChain
{
    /// <summary>Upper bound on payloads per message, so a hostile chain of empty payloads stays cheap.</summary>
    public const int MaxPayloads = 64;

    /// <param name="encrypted">SK or SKF payload found last, with the inner chain's first type; default when none.</param>
    public static bool TryRead(
        PayloadType first,
        ReadOnlySpan<byte> data,
        List<IkePayload> output,
        out EncryptedPayloadLocation encrypted,
        out PayloadError error)
    {
        encrypted = default;
        var next = first;
        int offset = 0;
        while (next != PayloadType.None)
        {
            if (output.Count >= MaxPayloads)
            {
                error = PayloadError.TooLarge;
                return false;
            }

            if (data.Length - offset < IkePayload.HeaderLength)
            {
                error = PayloadError.Truncated;
                return false;
            }

            var header = data[offset..];
            var following = (PayloadType)header[0];
            bool critical = (header[1] & 0x80) != 0;
            int length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
            if (length < IkePayload.HeaderLength || length > data.Length - offset)
            {
                error = PayloadError.Truncated;
                return false;
            }

            var body = data.Slice(offset + IkePayload.HeaderLength, length - IkePayload.HeaderLength);
            if (next is PayloadType.Encrypted or PayloadType.EncryptedFragment)
            {
                // RFC 7296 §3.14: "the Encrypted payload, if present in a message, MUST be the last payload".
                if (offset + length != data.Length)
                {
                    error = PayloadError.InvalidValue;
                    return false;
                }

                encrypted = new EncryptedPayloadLocation(next, following, offset, length);
                error = PayloadError.None;
                return true;
            }

            if (!TryReadBody(next, critical, body, out var payload, out error))
            {
                return false;
            }

            if (payload is not null)
            {
                output.Add(payload);
            }

            offset += length;
            next = following;
        }

        // Bytes after the last payload make the lengths inconsistent.
        error = offset == data.Length ? PayloadError.None : PayloadError.InvalidValue;
        return error == PayloadError.None;
    }

    private static bool TryReadBody(PayloadType type, bool critical, ReadOnlySpan<byte> body, out IkePayload? payload, out PayloadError error)
    {
        bool ok;
        switch (type)
        {
            case PayloadType.SecurityAssociation: ok = SaPayload.TryRead(body, out var sa, out error); payload = sa; break;
            case PayloadType.KeyExchange: ok = KePayload.TryRead(body, out var ke, out error); payload = ke; break;
            case PayloadType.IdInitiator: ok = IdPayload.TryRead(body, true, out var idi, out error); payload = idi; break;
            case PayloadType.IdResponder: ok = IdPayload.TryRead(body, false, out var idr, out error); payload = idr; break;
            case PayloadType.Certificate or PayloadType.CertificateRequest: ok = CertPayload.TryRead(body, type, out var cert, out error); payload = cert; break;
            case PayloadType.Authentication: ok = AuthPayload.TryRead(body, out var auth, out error); payload = auth; break;
            case PayloadType.Nonce: ok = NoncePayload.TryRead(body, out var nonce, out error); payload = nonce; break;
            case PayloadType.Notify: ok = NotifyPayload.TryRead(body, out var notify, out error); payload = notify; break;
            case PayloadType.Delete: ok = DeletePayload.TryRead(body, out var delete, out error); payload = delete; break;
            case PayloadType.VendorId: ok = VendorIdPayload.TryRead(body, out var vendor, out error); payload = vendor; break;
            case PayloadType.TrafficSelectorInitiator: ok = TsPayload.TryRead(body, true, out var tsi, out error); payload = tsi; break;
            case PayloadType.TrafficSelectorResponder: ok = TsPayload.TryRead(body, false, out var tsr, out error); payload = tsr; break;
            default:
                // RFC 7296 §2.5: unknown and critical -> UNSUPPORTED_CRITICAL_PAYLOAD; unknown and not critical -> skip.
                payload = critical ? null : new UnknownPayload(type, body.ToArray());
                error = critical ? PayloadError.UnsupportedCritical : PayloadError.None;
                return !critical;
        }

        return ok;
    }

    /// <summary>Total length of a chain including generic headers.</summary>
    public static int GetLength(IReadOnlyList<IkePayload> payloads)
    {
        int length = 0;
        foreach (var payload in payloads)
        {
            length += IkePayload.HeaderLength + payload.BodyLength;
        }

        return length;
    }

    /// <summary>Writes the chain; the caller writes <paramref name="payloads"/>[0].Type into the preceding Next Payload field.</summary>
    public static void Write(IReadOnlyList<IkePayload> payloads, Span<byte> destination, PayloadType last = PayloadType.None)
    {
        int offset = 0;
        for (int i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            int length = IkePayload.HeaderLength + payload.BodyLength;
            destination[offset] = (byte)(i + 1 < payloads.Count ? payloads[i + 1].Type : last);
            destination[offset + 1] = payload.Critical ? (byte)0x80 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)length);
            payload.WriteBody(destination.Slice(offset + IkePayload.HeaderLength, payload.BodyLength));
            offset += length;
        }
    }
}
