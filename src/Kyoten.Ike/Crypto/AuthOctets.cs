namespace Kyoten.Ike.Crypto;

/// <summary>
/// The octets an AUTH payload signs or MACs, RFC 7296 §2.15:
/// <code>
/// InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
/// MACedIDForI           = prf(SK_pi, RestOfInitIDPayload)
/// ResponderSignedOctets = RealMessage2 | NonceIData | MACedIDForR
/// MACedIDForR           = prf(SK_pr, RestOfRespIDPayload)
/// </code>
/// </summary>
public static class AuthOctets
{
    /// <param name="prf">The IKE SA's negotiated PRF.</param>
    /// <param name="realMessage">Our IKE_SA_INIT message as sent (initiator: message 1, responder: message 2), header included.</param>
    /// <param name="peerNonce">The peer's Nonce Data (payload body without its generic header).</param>
    /// <param name="skP">SK_pi for the initiator's AUTH, SK_pr for the responder's.</param>
    /// <param name="idPayloadBody">
    /// IDx': the ID payload without its generic header, i.e. ID Type (1) | RESERVED (3) | Identification Data.
    /// </param>
    public static byte[] Build(Prf prf, ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce,
        ReadOnlySpan<byte> skP, ReadOnlySpan<byte> idPayloadBody)
    {
        ArgumentNullException.ThrowIfNull(prf);
        var result = new byte[realMessage.Length + peerNonce.Length + prf.OutputLength];
        realMessage.CopyTo(result);
        peerNonce.CopyTo(result.AsSpan(realMessage.Length));
        prf.Compute(skP, idPayloadBody, result.AsSpan(realMessage.Length + peerNonce.Length));
        return result;
    }
}
