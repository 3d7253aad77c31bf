using System.Buffers.Binary;
using Kyoten.Ike.Payloads;

namespace Kyoten.Ike.Messages;

/// <summary>
/// Encodes and decodes whole IKE messages: header, plaintext chain, SK encryption (RFC 7296 §3.14)
/// and SKF fragments (RFC 7383 §2.5). Never throws on received bytes.
/// </summary>
internal static class IkeMessageCodec
{
    private const int SkHeaderEnd = IkeHeader.Size + IkePayload.HeaderLength;

    /// <summary>Encodes a message; when <paramref name="protector"/> is given all payloads go into one SK payload.</summary>
    public static byte[] Encode(IkeMessage message, ISkProtector? protector)
    {
        if (protector is null)
        {
            int chainLength = PayloadChain.GetLength(message.Payloads);
            var plain = new byte[IkeHeader.Size + chainLength];
            HeaderFor(message, FirstType(message.Payloads), plain.Length).Write(plain);
            PayloadChain.Write(message.Payloads, plain.AsSpan(IkeHeader.Size));
            return plain;
        }

        byte[] inner = new byte[PayloadChain.GetLength(message.Payloads)];
        PayloadChain.Write(message.Payloads, inner);
        return Seal(message, protector, PayloadType.Encrypted, FirstType(message.Payloads), inner, default);
    }

    /// <summary>
    /// RFC 7383 §2.5: splits the inner payload chain into SKF fragments so each datagram stays within
    /// <paramref name="maxDatagram"/>; returns a single SK message when it fits.
    /// </summary>
    public static List<byte[]> EncodeFragmented(IkeMessage message, ISkProtector protector, int maxDatagram)
    {
        byte[] inner = new byte[PayloadChain.GetLength(message.Payloads)];
        PayloadChain.Write(message.Payloads, inner);
        int overhead = SkHeaderEnd + protector.IvLength + protector.IcvLength + protector.BlockSize;
        if (overhead + inner.Length <= maxDatagram)
        {
            return [Seal(message, protector, PayloadType.Encrypted, FirstType(message.Payloads), inner, default)];
        }

        int chunk = maxDatagram - overhead - SkfHeader.Length;
        chunk -= chunk % Math.Max(1, protector.BlockSize);
        if (chunk <= 0)
        {
            throw new InvalidOperationException("bug: fragment size too small for the cipher overhead");
        }

        int total = (inner.Length + chunk - 1) / chunk;
        var fragments = new List<byte[]>(total);
        for (int i = 0; i < total; i++)
        {
            var piece = inner.AsSpan(i * chunk, Math.Min(chunk, inner.Length - (i * chunk)));

            // RFC 7383 §2.5: "Next Payload ... MUST be set to 0 (in all fragments except the first)".
            var innerFirst = i == 0 ? FirstType(message.Payloads) : PayloadType.None;
            fragments.Add(Seal(message, protector, PayloadType.EncryptedFragment, innerFirst, piece, new SkfHeader((ushort)(i + 1), (ushort)total)));
        }

        return fragments;
    }

    /// <summary>Seals arbitrary inner octets as an SK payload (tests use it to send authenticated garbage).</summary>
    internal static byte[] SealInner(IkeMessage message, ISkProtector protector, PayloadType innerFirst, ReadOnlySpan<byte> inner) =>
        Seal(message, protector, PayloadType.Encrypted, innerFirst, inner, default);

    private static byte[] Seal(IkeMessage message, ISkProtector protector, PayloadType outer, PayloadType innerFirst, ReadOnlySpan<byte> inner, SkfHeader fragment)
    {
        int block = Math.Max(1, protector.BlockSize);
        int padded = (inner.Length + 1 + block - 1) / block * block;
        int prefix = outer == PayloadType.EncryptedFragment ? SkfHeader.Length : 0;
        int skBody = prefix + protector.IvLength + padded + protector.IcvLength;
        var buffer = new byte[SkHeaderEnd + skBody];
        HeaderFor(message, outer, buffer.Length).Write(buffer);
        var skHeader = buffer.AsSpan(IkeHeader.Size);
        skHeader[0] = (byte)innerFirst;
        skHeader[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(skHeader[2..], (ushort)(IkePayload.HeaderLength + skBody));
        if (prefix != 0)
        {
            fragment.Write(buffer.AsSpan(SkHeaderEnd));
        }

        int plainStart = SkHeaderEnd + prefix + protector.IvLength;
        inner.CopyTo(buffer.AsSpan(plainStart));

        // RFC 7296 §3.14: padding octets may be any value, followed by the Pad Length octet.
        buffer[plainStart + padded - 1] = (byte)(padded - inner.Length - 1);
        protector.Seal(buffer, SkHeaderEnd + prefix, padded);
        return buffer;
    }

    private static IkeHeader HeaderFor(IkeMessage message, PayloadType first, int length) => new(
        message.InitiatorSpi, message.ResponderSpi, first, message.Exchange, message.FromInitiator, message.IsResponse, message.MessageId, length);

    private static PayloadType FirstType(List<IkePayload> payloads) => payloads.Count == 0 ? PayloadType.None : payloads[0].Type;

    /// <summary>
    /// Decodes a datagram whose header was already read. With an SK payload the protector must be
    /// given; an SKF payload yields <paramref name="fragment"/> instead of a message.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> datagram,
        in IkeHeader header,
        ISkProtector? protector,
        out IkeMessage? message,
        out FragmentPiece? fragment,
        out PayloadError error) => TryDecode(datagram, header, protector, out message, out fragment, out error, out _);

    /// <param name="authenticated">
    /// True once the SK/SKF integrity check passed, so an error is the peer's and may be answered
    /// (RFC 7296 §2.21.2); errors before that come from anyone and are only dropped.
    /// </param>
    public static bool TryDecode(
        ReadOnlySpan<byte> datagram,
        in IkeHeader header,
        ISkProtector? protector,
        out IkeMessage? message,
        out FragmentPiece? fragment,
        out PayloadError error,
        out bool authenticated)
    {
        message = null;
        fragment = null;
        authenticated = false;
        var payloads = new List<IkePayload>();
        if (!PayloadChain.TryRead(header.NextPayload, datagram[IkeHeader.Size..], payloads, out var encrypted, out error))
        {
            return false;
        }

        if (!encrypted.IsPresent)
        {
            message = Build(header, payloads, false);
            return true;
        }

        if (protector is null)
        {
            // An encrypted message for an SA without keys yet: nobody can have sent it legitimately.
            error = PayloadError.IntegrityCheckFailed;
            return false;
        }

        int skBodyOffset = IkeHeader.Size + encrypted.Offset + IkePayload.HeaderLength;
        int skBodyLength = encrypted.Length - IkePayload.HeaderLength;
        SkfHeader skf = default;
        if (encrypted.Type == PayloadType.EncryptedFragment)
        {
            if (!SkfHeader.TryRead(datagram.Slice(skBodyOffset, skBodyLength), out skf))
            {
                error = PayloadError.InvalidValue;
                return false;
            }

            skBodyOffset += SkfHeader.Length;
            skBodyLength -= SkfHeader.Length;
        }

        int minimum = protector.IvLength + protector.IcvLength + 1;
        if (skBodyLength < minimum)
        {
            error = PayloadError.IntegrityCheckFailed;
            return false;
        }

        byte[] copy = datagram.ToArray();
        if (!protector.TryOpen(copy, skBodyOffset, out int plainLength))
        {
            error = PayloadError.IntegrityCheckFailed;
            return false;
        }

        authenticated = true;
        var plain = copy.AsSpan(skBodyOffset + protector.IvLength, plainLength);
        if (encrypted.Type == PayloadType.EncryptedFragment)
        {
            fragment = new FragmentPiece(header, skf, encrypted.InnerFirst, plain.ToArray());
            error = PayloadError.None;
            return true;
        }

        if (!PayloadChain.TryRead(encrypted.InnerFirst, plain, payloads, out var nested, out error))
        {
            return false;
        }

        if (nested.IsPresent)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        message = Build(header, payloads, true);
        return true;
    }

    /// <summary>Decodes the concatenated plaintext of a reassembled fragmented message.</summary>
    public static bool TryDecodeReassembled(in IkeHeader header, PayloadType innerFirst, ReadOnlySpan<byte> plain, out IkeMessage? message, out PayloadError error)
    {
        message = null;
        var payloads = new List<IkePayload>();
        if (!PayloadChain.TryRead(innerFirst, plain, payloads, out var nested, out error))
        {
            return false;
        }

        if (nested.IsPresent)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        message = Build(header, payloads, true);
        return true;
    }

    private static IkeMessage Build(in IkeHeader header, List<IkePayload> payloads, bool encrypted) => new()
    {
        InitiatorSpi = header.InitiatorSpi,
        ResponderSpi = header.ResponderSpi,
        Exchange = header.Exchange,
        FromInitiator = header.FromInitiator,
        IsResponse = header.IsResponse,
        MessageId = header.MessageId,
        Encrypted = encrypted,
        Payloads = payloads,
    };
}
