using System.Buffers.Binary;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// The fixed part of an Encrypted Fragment payload (RFC 7383 §2.5):
/// <code>
///  Fragment Number (2) | Total Fragments (2) | IV | Encrypted content | ICV
/// </code>
/// "Fragment Number ... MUST be at least 1"; "Total Fragments ... MUST be at least 1".
/// </summary>
internal readonly record struct SkfHeader(ushort FragmentNumber, ushort TotalFragments)
{
    public const int Length = 4;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, FragmentNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], TotalFragments);
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out SkfHeader header)
    {
        header = default;
        if (body.Length < Length)
        {
            return false;
        }

        header = new SkfHeader(BinaryPrimitives.ReadUInt16BigEndian(body), BinaryPrimitives.ReadUInt16BigEndian(body[2..]));
        return header.FragmentNumber >= 1 && header.TotalFragments >= header.FragmentNumber;
    }
}
