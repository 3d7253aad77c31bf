using Kyoten.Ike.Config;
using Kyoten.Ike.Payloads;
using Kyoten.Ike.Sa;

namespace Kyoten.Ike.Tasks;

/// <summary>
/// Builds and checks AUTH payloads (RFC 7296 §2.15). The initiator signs its IKE_SA_INIT request,
/// Nr and prf(SK_pi, IDi'); the responder its IKE_SA_INIT response, Ni and prf(SK_pr, IDr').
/// </summary>
internal static class Authenticator
{
    public static AuthPayload Build(IkeSa sa, byte[] idBody, bool weAreInitiator)
    {
        var prf = sa.Algorithms!.Prf;
        var octets = weAreInitiator
            ? PskAuth.SignedOctets(prf, sa.InitRequest, sa.Nr, sa.SkPi, idBody)
            : PskAuth.SignedOctets(prf, sa.InitResponse, sa.Ni, sa.SkPr, idBody);
        var psk = sa.Peer.PreSharedKey ?? throw new InvalidOperationException("bug: peer " + sa.Peer.Name + " has no PSK and certificates are not wired yet");
        return new AuthPayload { Method = AuthMethod.SharedKeyMessageIntegrityCode, Data = PskAuth.Compute(prf, psk, octets) };
    }

    public static bool Verify(IkeSa sa, PeerConfig peer, byte[] idBody, AuthPayload auth, bool peerIsInitiator, out string reason)
    {
        reason = "AUTH did not verify";
        if (auth.Method != AuthMethod.SharedKeyMessageIntegrityCode || peer.PreSharedKey is null)
        {
            reason = "unsupported auth method " + auth.Method;
            return false;
        }

        var prf = sa.Algorithms!.Prf;
        var octets = peerIsInitiator
            ? PskAuth.SignedOctets(prf, sa.InitRequest, sa.Nr, sa.SkPi, idBody)
            : PskAuth.SignedOctets(prf, sa.InitResponse, sa.Ni, sa.SkPr, idBody);
        return PskAuth.Verify(prf, peer.PreSharedKey, octets, auth.Data);
    }
}
