using Kyoten.Ike.Keying;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Shared-key AUTH (RFC 7296 §2.15):
/// AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;),
/// SignedOctets = RealMessage | NonceData(peer) | prf(SK_p, RestOfIDPayload).
/// </summary>
internal static class PskAuth
{
    private static readonly byte[] KeyPad = "Key Pad for IKEv2"u8.ToArray();

    public static byte[] SignedOctets(PrfAlgorithm prf, byte[] realMessage, byte[] peerNonce, byte[] skP, byte[] idBody) =>
        [.. realMessage, .. peerNonce, .. IkeCrypto.Prf(prf, skP, idBody)];

    public static byte[] Compute(PrfAlgorithm prf, byte[] psk, byte[] signedOctets) =>
        IkeCrypto.Prf(prf, IkeCrypto.Prf(prf, psk, KeyPad), signedOctets);

    public static bool Verify(PrfAlgorithm prf, byte[] psk, byte[] signedOctets, ReadOnlySpan<byte> received) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Compute(prf, psk, signedOctets), received);
}
