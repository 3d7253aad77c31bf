using Kyoten.Ike.Crypto;
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
        var prf = IkeCrypto.Prf(algorithms.Prf);
        var suite = IkeCrypto.Suite(algorithms.Encryption, algorithms.EncryptionKeyBits, algorithms.Integrity);
        var keys = oldSkD is null
            ? IkeKeyDerivation.DeriveIkeSaKeys(prf, sharedSecret, Ni, Nr, InitiatorSpi, ResponderSpi, suite.EncryptionKeyLength, suite.IntegrityKeyLength)
            : IkeKeyDerivation.DeriveRekeyedIkeSaKeys(prf, IkeCrypto.Prf(oldPrf), oldSkD, sharedSecret, Ni, Nr, InitiatorSpi, ResponderSpi, suite.EncryptionKeyLength, suite.IntegrityKeyLength);
        SkD = keys.SkD;
        SkPi = keys.SkPi;
        SkPr = keys.SkPr;
        var initiatorSide = IkeCrypto.CreateProtector(suite, keys.SkEi, keys.SkAi);
        var responderSide = IkeCrypto.CreateProtector(suite, keys.SkEr, keys.SkAr);
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
        var keys = IkeKeyDerivation.DeriveChildSaKeys(IkeCrypto.Prf(Algorithms!.Prf), SkD, sharedSecret, ni, nr, encLength, integLength);
        var (encI, integI) = (keys.InitiatorEncryptionKey, keys.InitiatorIntegrityKey);
        var (encR, integR) = (keys.ResponderEncryptionKey, keys.ResponderIntegrityKey);
        return weInitiated ? (encR, integR, encI, integI) : (encI, integI, encR, integR);
    }
}
