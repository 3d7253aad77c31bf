using Kyoten.Ike.Crypto;
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
    public static byte[] SignedOctets(PrfAlgorithm prf, byte[] realMessage, byte[] peerNonce, byte[] skP, byte[] idBody) =>
        AuthOctets.Build(IkeCrypto.Prf(prf), realMessage, peerNonce, skP, idBody);

    public static byte[] Compute(PrfAlgorithm prf, byte[] psk, byte[] signedOctets) =>
        PskAuthenticator.Compute(IkeCrypto.Prf(prf), psk, signedOctets);

    public static bool Verify(PrfAlgorithm prf, byte[] psk, byte[] signedOctets, ReadOnlySpan<byte> received) =>
        PskAuthenticator.Verify(IkeCrypto.Prf(prf), psk, signedOctets, received);
}
