using Kyoten.Ike.Crypto;
using Kyoten.Ike.Keying;
using Kyoten.Ike.Messages;
using Kyoten.Ike.Transforms;

namespace Kyoten.Ike.Tests.Messages;

internal static class TestProtector
{
    public static ISkProtector Gcm() => IkeCrypto.CreateProtector(IkeCrypto.Suite(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None), new byte[36], []);

    public static ISkProtector Cbc() => IkeCrypto.CreateProtector(IkeCrypto.Suite(EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha2_256_128), new byte[16], new byte[32]);
}
