using System.Buffers.Binary;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// One proposal substructure (RFC 7296 §3.3.1):
/// <code>
///  Last Substruc (0|2) | RESERVED | Proposal Length (2)
///  Proposal Num | Protocol ID | SPI Size | Num Transforms
///  SPI (variable) | Transforms
/// </code>
/// </summary>
internal sealed class Proposal
{
    public const int FixedLength = 8;

    public byte Number { get; init; } = 1;

    public ProtocolId Protocol { get; init; }

    /// <summary>Empty for IKE_SA_INIT, 8 octets for IKE rekey, 4 for ESP/AH.</summary>
    public byte[] Spi { get; init; } = [];

    public IReadOnlyList<Transform> Transforms { get; init; } = [];

    public int Length
    {
        get
        {
            int length = FixedLength + Spi.Length;
            foreach (var transform in Transforms)
            {
                length += transform.Length;
            }

            return length;
        }
    }

    /// <summary>First transform of a type, or null.</summary>
    public Transform? Find(TransformType type)
    {
        foreach (var transform in Transforms)
        {
            if (transform.Type == type)
            {
                return transform;
            }
        }

        return null;
    }

    public void Write(Span<byte> destination, bool last)
    {
        destination[0] = last ? (byte)0 : (byte)2;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        destination[4] = Number;
        destination[5] = (byte)Protocol;
        destination[6] = (byte)Spi.Length;
        destination[7] = (byte)Transforms.Count;
        Spi.CopyTo(destination[8..]);
        int offset = FixedLength + Spi.Length;
        for (int i = 0; i < Transforms.Count; i++)
        {
            Transforms[i].Write(destination[offset..], i == Transforms.Count - 1);
            offset += Transforms[i].Length;
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out Proposal? proposal, out bool last, out int consumed, out PayloadError error)
    {
        proposal = null;
        last = false;
        consumed = 0;
        error = PayloadError.Truncated;
        if (source.Length < FixedLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        int spiSize = source[6];
        int count = source[7];
        if (length < FixedLength + spiSize || length > source.Length)
        {
            return false;
        }

        if (source[0] is not (0 or 2))
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        var transforms = new List<Transform>(count);
        var rest = source[(FixedLength + spiSize)..length];
        for (int i = 0; i < count; i++)
        {
            if (!Transform.TryRead(rest, out var transform, out bool lastTransform, out int used, out error))
            {
                return false;
            }

            transforms.Add(transform);
            rest = rest[used..];
            if (lastTransform != (i == count - 1))
            {
                error = PayloadError.InvalidValue;
                return false;
            }
        }

        if (rest.Length != 0)
        {
            error = PayloadError.InvalidValue;
            return false;
        }

        last = source[0] == 0;
        proposal = new Proposal
        {
            Number = source[4],
            Protocol = (ProtocolId)source[5],
            Spi = source.Slice(FixedLength, spiSize).ToArray(),
            Transforms = transforms,
        };
        consumed = length;
        error = PayloadError.None;
        return true;
    }
}
