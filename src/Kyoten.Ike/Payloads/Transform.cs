using System.Buffers.Binary;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// One transform substructure (RFC 7296 §3.3.2):
/// <code>
///  Last Substruc (0|3) | RESERVED | Transform Length (2)
///  Transform Type (1)  | RESERVED | Transform ID (2)
///  Transform Attributes (TV: AF=1, type 14 Key Length)
/// </code>
/// </summary>
/// <param name="KeyLength">Key length attribute in bits, 0 when absent.</param>
/// <param name="HasUnknownAttribute">RFC 7296 §3.3.6: a transform with an unrecognised attribute must be rejected, so we remember it.</param>
internal readonly record struct Transform(TransformType Type, ushort Id, ushort KeyLength = 0, bool HasUnknownAttribute = false)
{
    public const int FixedLength = 8;
    private const ushort KeyLengthAttribute = 0x800E; // AF=1, Attribute Type 14

    public int Length => FixedLength + (KeyLength != 0 ? 4 : 0);

    public void Write(Span<byte> destination, bool last)
    {
        destination[0] = last ? (byte)0 : (byte)3;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        destination[4] = (byte)Type;
        destination[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Id);
        if (KeyLength != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[8..], KeyLengthAttribute);
            BinaryPrimitives.WriteUInt16BigEndian(destination[10..], KeyLength);
        }
    }

    /// <summary>Reads one transform; <paramref name="consumed"/> is its length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out Transform transform, out bool last, out int consumed, out PayloadError error)
    {
        transform = default;
        last = false;
        consumed = 0;
        error = PayloadError.Truncated;
        if (source.Length < FixedLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (length < FixedLength || length > source.Length)
        {
            return false;
        }

        if (source[0] is not (0 or 3))
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        last = source[0] == 0;
        ushort keyLength = 0;
        bool unknown = false;
        var attributes = source[FixedLength..length];
        while (attributes.Length > 0)
        {
            if (attributes.Length < 4)
            {
                return false;
            }

            ushort typeField = BinaryPrimitives.ReadUInt16BigEndian(attributes);
            int attributeLength;
            if ((typeField & 0x8000) != 0)
            {
                attributeLength = 4;
                if (typeField == KeyLengthAttribute)
                {
                    keyLength = BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
                }
                else
                {
                    unknown = true;
                }
            }
            else
            {
                // TLV form; no IKEv2 attribute uses it, so it is always unknown.
                attributeLength = 4 + BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]);
                unknown = true;
                if (attributeLength > attributes.Length)
                {
                    return false;
                }
            }

            attributes = attributes[attributeLength..];
        }

        transform = new Transform((TransformType)source[4], BinaryPrimitives.ReadUInt16BigEndian(source[6..]), keyLength, unknown);
        consumed = length;
        error = PayloadError.None;
        return true;
    }
}
