using System.Security.Cryptography;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Proposals;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Sa;

internal sealed partial class IkeSa
{
    public byte[] SkD { get; private set; } = [];

    public byte[] SkPi { get; private set; } = [];

    public byte[] SkPr { get; private set; } = [];

    public ISkProtector? Outbound { get; private set; }

    public ISkProtector? Inbound { get; private set; }

    /// <summary>
    /// RFC 7296 §2.14: SKEYSEED = prf(Ni | Nr, g^ir), or for a rekeyed IKE SA (§2.18)
    /// SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old PRF;
    /// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr).
    /// </summary>
    public void DeriveKeys(byte[] sharedSecret, byte[]? oldSkD = null, PrfAlgorithm oldPrf = PrfAlgorithm.None)
    {
        var algorithms = Algorithms ?? throw new InvalidOperationException("bug: keys before algorithms");
        byte[] nonces = [.. Ni, .. Nr];
        byte[] skeyseed = oldSkD is null
            ? IkeCrypto.Prf(algorithms.Prf, nonces, sharedSecret)
            : IkeCrypto.Prf(oldPrf, oldSkD, [.. sharedSecret, .. nonces]);
        byte[] spis = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spis, InitiatorSpi);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(spis.AsSpan(8), ResponderSpi);

        int prfLength = IkeCrypto.PrfLength(algorithms.Prf);
        int integLength = IkeCrypto.IntegrityKeyLength(algorithms.Integrity);
        int encLength = IkeCrypto.EncryptionKeyLength(algorithms.Encryption, algorithms.EncryptionKeyBits);
        byte[] keymat = IkeCrypto.PrfPlus(algorithms.Prf, skeyseed, [.. nonces, .. spis], (3 * prfLength) + (2 * integLength) + (2 * encLength));
        int offset = 0;
        byte[] Take(int length)
        {
            var part = keymat.AsSpan(offset, length).ToArray();
            offset += length;
            return part;
        }

        SkD = Take(prfLength);
        byte[] skAi = Take(integLength);
        byte[] skAr = Take(integLength);
        byte[] skEi = Take(encLength);
        byte[] skEr = Take(encLength);
        SkPi = Take(prfLength);
        SkPr = Take(prfLength);
        CryptographicOperations.ZeroMemory(keymat);
        CryptographicOperations.ZeroMemory(skeyseed);

        var initiatorSide = IkeCrypto.CreateProtector(algorithms.Encryption, algorithms.EncryptionKeyBits, algorithms.Integrity, skEi, skAi);
        var responderSide = IkeCrypto.CreateProtector(algorithms.Encryption, algorithms.EncryptionKeyBits, algorithms.Integrity, skEr, skAr);
        (Outbound, Inbound) = IsOriginalInitiator ? (initiatorSide, responderSide) : (responderSide, initiatorSide);
    }

    /// <summary>
    /// RFC 7296 §2.17: KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); i->r encryption, i->r integrity,
    /// r->i encryption, r->i integrity. <paramref name="weInitiated"/> says whose Ni it is.
    /// </summary>
    public (byte[] InEnc, byte[] InInteg, byte[] OutEnc, byte[] OutInteg) DeriveChildKeys(ChildAlgorithms child, byte[] sharedSecret, byte[] ni, byte[] nr, bool weInitiated)
    {
        int encLength = IkeCrypto.EncryptionKeyLength(child.Encryption, child.EncryptionKeyBits);
        int integLength = IkeCrypto.IntegrityKeyLength(child.Integrity);
        byte[] keymat = IkeCrypto.PrfPlus(Algorithms!.Prf, SkD, [.. sharedSecret, .. ni, .. nr], 2 * (encLength + integLength));
        byte[] encI = keymat[..encLength];
        byte[] integI = keymat[encLength..(encLength + integLength)];
        byte[] encR = keymat[(encLength + integLength)..((2 * encLength) + integLength)];
        byte[] integR = keymat[((2 * encLength) + integLength)..];
        CryptographicOperations.ZeroMemory(keymat);
        return weInitiated ? (encR, integR, encI, integI) : (encI, integI, encR, integR);
    }
}
