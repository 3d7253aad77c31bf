using System.Buffers.Binary;
using Kyoten.Esp.Crypto;

namespace Kyoten.Esp.Tests;

/// <summary>Builds correctly authenticated ESP packets around arbitrary plaintext (bad padding, dummy, odd next headers).</summary>
internal static class EspCrafter
{
    public static byte[] Seal(SaParameters parameters, byte[] text, ulong sequence)
    {
        AlgorithmInfo info = parameters.Info;
        using EspTransform transform = TransformFactory.Create(parameters, new byte[16]);
        byte[] esp = new byte[EspPacket.HeaderLength + info.IvLength + text.Length + info.IcvLength];
        BinaryPrimitives.WriteUInt32BigEndian(esp, parameters.Spi);
        BinaryPrimitives.WriteUInt32BigEndian(esp.AsSpan(4), (uint)sequence);
        text.CopyTo(esp, EspPacket.HeaderLength + info.IvLength);
        transform.Seal(esp, text.Length, sequence, parameters.ExtendedSequenceNumbers, default);
        return esp;
    }

    /// <summary>payload || padding || pad length || next header, with the padding bytes given explicitly.</summary>
    public static byte[] Text(byte[] payload, byte[] padding, byte padLength, byte nextHeader) =>
        [.. payload, .. padding, padLength, nextHeader];
}
