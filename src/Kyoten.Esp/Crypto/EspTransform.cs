using System.Buffers.Binary;

namespace Kyoten.Esp.Crypto;

/// <summary>
/// One ESP cipher context. Works on the ESP packet in place:
/// <code>
/// RFC 4303 §2:  | SPI (4) | Sequence Number (4) | IV | Payload + Padding + PadLen + NextHdr | ICV |
///                                                      &lt;------------- text ----------------&gt;
/// </code>
/// Instances hold native cipher state and are not thread-safe; <see cref="LanePool{T}"/> hands them out.
/// </summary>
internal abstract class EspTransform : IDisposable
{
    protected EspTransform(AlgorithmInfo info) => Info = info;

    public AlgorithmInfo Info { get; }

    /// <summary>Offset of the text (payload) inside the ESP packet.</summary>
    public int TextOffset => EspPacket.HeaderLength + Info.IvLength;

    /// <summary>Writes the IV, encrypts text in place and writes the ICV. SPI and Seq are already written.</summary>
    /// <param name="forcedIv">Test hook: an explicit IV to use instead of the generated one (empty = generate).</param>
    public abstract void Seal(Span<byte> esp, int textLength, ulong sequence, bool esn, ReadOnlySpan<byte> forcedIv);

    /// <summary>Verifies the ICV and decrypts text in place; false on an integrity failure.</summary>
    public abstract bool Open(Span<byte> esp, int textLength, ulong sequence, bool esn);

    public abstract void Dispose();

    /// <summary>
    /// RFC 4303 §2.2.1 / RFC 4106 §5: with ESN the AAD is SPI || Seq high || Seq low (12 octets),
    /// without it SPI || Seq (the 8 header octets as sent).
    /// </summary>
    protected static ReadOnlySpan<byte> BuildAad(ReadOnlySpan<byte> esp, ulong sequence, bool esn, Span<byte> scratch12)
    {
        if (!esn)
        {
            return esp[..EspPacket.HeaderLength];
        }

        esp[..4].CopyTo(scratch12);
        BinaryPrimitives.WriteUInt32BigEndian(scratch12[4..], (uint)(sequence >> 32));
        esp.Slice(4, 4).CopyTo(scratch12[8..]);
        return scratch12;
    }
}
