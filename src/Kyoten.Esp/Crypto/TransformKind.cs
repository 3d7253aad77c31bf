namespace Kyoten.Esp.Crypto;

/// <summary>How an ESP transform protects the payload.</summary>
internal enum TransformKind
{
    AesGcm,
    ChaCha20Poly1305,
    AesCbcHmac,
    NullHmac,
}
