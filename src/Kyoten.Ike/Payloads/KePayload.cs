using System.Buffers.Binary;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Payloads;

/// <summary>
/// Key Exchange payload (RFC 7296 §3.4):
/// <code>
///  Diffie-Hellman Group Num (2) | RESERVED (2) | Key Exchange Data
/// </code>
/// </summary>
internal sealed class KePayload : IkePayload
{
    public override PayloadType Type => PayloadType.KeyExchange;

    public KeyExchangeMethod Group { get; init; }

    public byte[] Data { get; init; } = [];

    public override int BodyLength => 4 + Data.Length;

    public override void WriteBody(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Group);
        destination[2] = 0;
        destination[3] = 0;
        Data.CopyTo(destination[4..]);
    }

    public static bool TryRead(ReadOnlySpan<byte> body, out KePayload? payload, out PayloadError error)
    {
        payload = null;
        if (body.Length < 4)
        {
            error = PayloadError.Truncated;
            return false;
        }

        payload = new KePayload { Group = (KeyExchangeMethod)BinaryPrimitives.ReadUInt16BigEndian(body), Data = body[4..].ToArray() };
        error = PayloadError.None;
        return true;
    }
}
