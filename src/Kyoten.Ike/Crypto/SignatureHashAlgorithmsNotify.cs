using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Kyoten.Ike.Crypto;

/// <summary>
/// Notification Data of SIGNATURE_HASH_ALGORITHMS (16431), RFC 7427 §4: a list of 16-bit hash
/// algorithm identifiers, sent in IKE_SA_INIT by both sides.
/// </summary>
public static class SignatureHashAlgorithmsNotify
{
    /// <summary>The hashes we can verify method-14 signatures with: SHA2-256, SHA2-384, SHA2-512.</summary>
    public static IReadOnlyList<SignatureHashAlgorithm> Supported { get; } =
        [SignatureHashAlgorithm.Sha2_256, SignatureHashAlgorithm.Sha2_384, SignatureHashAlgorithm.Sha2_512];

    public static byte[] Encode(IReadOnlyList<SignatureHashAlgorithm> algorithms)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        var data = new byte[2 * algorithms.Count];
        for (var i = 0; i < algorithms.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2 * i), (ushort)algorithms[i]);
        }

        return data;
    }

    /// <summary>Decodes the peer's list; false for an odd length. Unknown identifiers are kept as-is.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out IReadOnlyList<SignatureHashAlgorithm>? algorithms)
    {
        algorithms = null;
        if (data.Length % 2 != 0)
        {
            return false;
        }

        var list = new SignatureHashAlgorithm[data.Length / 2];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = (SignatureHashAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]);
        }

        algorithms = list;
        return true;
    }
}
